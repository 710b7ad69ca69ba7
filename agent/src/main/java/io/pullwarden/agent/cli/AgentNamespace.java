package io.pullwarden.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Works out which namespace the agent runs in when {@code --namespace} is not given: the Downward
 * API's {@code POD_NAMESPACE}, else the namespace file Kubernetes mounts with every ServiceAccount
 * token. Outside a cluster there is neither, and the operator has to say.
 */
final class AgentNamespace {

  static final Path SERVICE_ACCOUNT_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  private AgentNamespace() {}

  static Optional<String> detect() {
    return detect(System.getenv(), SERVICE_ACCOUNT_FILE);
  }

  static Optional<String> detect(Map<String, String> environment, Path serviceAccountFile) {
    String fromEnvironment = environment.get("POD_NAMESPACE");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Optional.of(fromEnvironment.trim());
    }
    try {
      String fromFile = Files.readString(serviceAccountFile).trim();
      return fromFile.isEmpty() ? Optional.empty() : Optional.of(fromFile);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}
