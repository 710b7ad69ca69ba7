package io.pullwarden.agent.source;

import io.pullwarden.plugin.ClusterSecrets;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The {@link SourceContext} the agent gives the session of one CredentialSource: the agent's clock,
 * Secret access through the agent's Kubernetes client, projected tokens from files, and a change
 * signal that marks the source's credentials stale.
 */
public final class KubernetesSourceContext implements SourceContext {

  private final Clock clock;
  private final ClusterSecrets secrets;
  private final Runnable onChange;

  /**
   * @param onChange run when the plugin reports that the store changed
   */
  public KubernetesSourceContext(Clock clock, ClusterSecrets secrets, Runnable onChange) {
    this.clock = clock;
    this.secrets = secrets;
    this.onChange = onChange;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public ClusterSecrets secrets() {
    return secrets;
  }

  @Override
  public String serviceAccountToken(Path path) throws SourceException {
    try {
      return Files.readString(path, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new SourceException.AuthFailed(
          "no ServiceAccount token at "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + "); mount a projected token there or set the token path in spec.config",
          null);
    }
  }

  @Override
  public void signalChange() {
    onChange.run();
  }
}
