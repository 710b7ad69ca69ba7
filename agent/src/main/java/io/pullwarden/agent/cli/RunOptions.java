package io.pullwarden.agent.cli;

import io.pullwarden.agent.source.RetryBackoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code pullwarden run} was asked to do, already resolved from flags, environment and
 * defaults, so that the {@link AgentRunner} never reads either itself.
 *
 * @param pluginsDirectory where the plugin jars are; pass it to {@code PluginCatalog.load}
 * @param pluginLoadLimit how long each jar's code may take to load
 * @param metricsPort the port for {@code /metrics}, {@code /healthz} and {@code /readyz}
 * @param namespace the agent's own namespace: login material, the leader-election Lease
 * @param leaderElection the Lease to elect a leader on; empty when every replica writes
 * @param maxSecretBytes the largest {@code .dockerconfigjson} a sync may write
 * @param tokenDirectories where plugins may read projected ServiceAccount tokens from
 * @param retryBackoff how long a sync or source waits after failures that only time fixes
 */
public record RunOptions(
    Path pluginsDirectory,
    Duration pluginLoadLimit,
    int metricsPort,
    String namespace,
    Optional<LeaderElection> leaderElection,
    int maxSecretBytes,
    List<Path> tokenDirectories,
    RetryBackoff retryBackoff) {

  /** The leader-election Lease's name and duration. */
  public record LeaderElection(String leaseName, Duration leaseDuration) {}

  public RunOptions {
    Objects.requireNonNull(pluginsDirectory, "pluginsDirectory");
    Objects.requireNonNull(pluginLoadLimit, "pluginLoadLimit");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(leaderElection, "leaderElection");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    tokenDirectories = List.copyOf(tokenDirectories);
    if (maxSecretBytes < 1) {
      throw new IllegalArgumentException("maxSecretBytes must be positive, not " + maxSecretBytes);
    }
    if (metricsPort < 1 || metricsPort > 65535) {
      throw new IllegalArgumentException("metricsPort must be 1-65535, not " + metricsPort);
    }
  }
}
