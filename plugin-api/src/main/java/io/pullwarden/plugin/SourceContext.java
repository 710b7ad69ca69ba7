package io.pullwarden.plugin;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What a plugin may use of the agent and the cluster, and nothing more: plugins never see the
 * Kubernetes client. The agent hands one context to each session it opens.
 */
public interface SourceContext {

  /** The clock to read time from; tests drive it, so plugins never call {@code Instant.now()}. */
  Clock clock();

  /** Read access to Secrets: login material in the agent's namespace, central credentials. */
  ClusterSecrets secrets();

  /**
   * The ServiceAccount token projected at {@code path}, read fresh on each call because the kubelet
   * rotates it. The agent serves only tokens under its projected-token directories (by default
   * {@code /var/run/secrets/pullwarden/tokens/}, where the chart mounts a token per store
   * audience), never its own API token.
   *
   * @throws SourceException.InvalidConfig when {@code path} is outside those directories
   * @throws SourceException.AuthFailed when no token is there
   */
  String serviceAccountToken(Path path) throws SourceException;

  /**
   * Tells the agent that the store announced a change (for example a watched Secret was updated),
   * so it checks this source's credentials now instead of at the next refresh.
   */
  void signalChange();
}
