package io.pullwarden.agent.plugins;

import java.nio.file.Path;

/**
 * Two plugin jars claim the same thing — a CredentialSource {@code type} or a plugin id — so the
 * agent cannot tell which one a CredentialSource means. Start-up stops rather than picking one by
 * file order, which would change silently when a jar is added or renamed.
 */
public final class PluginConflictException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private PluginConflictException(String message) {
    super(message);
  }

  static PluginConflictException sameType(
      String type, String firstId, Path firstJar, String secondId, Path secondJar) {
    return new PluginConflictException(
        "credential source type '"
            + type
            + "' is served by two plugins: '"
            + firstId
            + "' ("
            + firstJar
            + ") and '"
            + secondId
            + "' ("
            + secondJar
            + "); remove one of them from "
            + secondJar.getParent());
  }

  static PluginConflictException sameId(String id, Path firstJar, Path secondJar) {
    return new PluginConflictException(
        "plugin id '"
            + id
            + "' is used by two jars: "
            + firstJar
            + " and "
            + secondJar
            + "; remove one of them from "
            + secondJar.getParent());
  }
}
