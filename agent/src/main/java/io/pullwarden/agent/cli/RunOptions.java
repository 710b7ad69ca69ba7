package io.pullwarden.agent.cli;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code pullwarden run} was asked to do, already resolved from flags, environment and
 * defaults, so that the {@link AgentRunner} never reads either itself.
 *
 * @param pluginsDirectory where the plugin jars are; pass it to {@code PluginCatalog.load}
 * @param metricsPort the port for {@code /metrics}, {@code /healthz} and {@code /readyz}
 * @param namespace the agent's own namespace: login material, the leader-election Lease
 */
public record RunOptions(Path pluginsDirectory, int metricsPort, String namespace) {

  public RunOptions {
    Objects.requireNonNull(pluginsDirectory, "pluginsDirectory");
    Objects.requireNonNull(namespace, "namespace");
    if (metricsPort < 1 || metricsPort > 65535) {
      throw new IllegalArgumentException("metricsPort must be 1-65535, not " + metricsPort);
    }
  }
}
