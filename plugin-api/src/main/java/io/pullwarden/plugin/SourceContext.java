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
   * The ServiceAccount token projected at {@code path} (default {@code
   * /var/run/secrets/kubernetes.io/serviceaccount/token}), read fresh on each call because the
   * kubelet rotates it.
   *
   * @throws SourceException.AuthFailed when no token is there
   */
  String serviceAccountToken(Path path) throws SourceException;

  /**
   * Tells the agent that the store announced a change (for example a watched Secret was updated),
   * so it checks this source's credentials now instead of at the next refresh.
   */
  void signalChange();
}
