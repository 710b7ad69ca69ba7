package io.pullwarden.agent.plugins;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A plugin jar the catalog skipped, and why. A broken jar must not stop the agent from serving the
 * types of the other plugins, so the catalog records the problem (and logs it) instead of failing.
 *
 * @param jar the jar that was skipped
 * @param pluginId its {@code Plugin-Id}, when the manifest could be read
 * @param message what is wrong and what to do, in one line
 */
public record PluginProblem(Path jar, Optional<String> pluginId, String message) {

  public PluginProblem {
    Objects.requireNonNull(jar, "jar");
    Objects.requireNonNull(pluginId, "pluginId");
    Objects.requireNonNull(message, "message");
  }
}
