package io.pullwarden.agent.source;

import io.pullwarden.plugin.ClusterSecrets;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The {@link SourceContext} the agent gives the session of one CredentialSource: the agent's clock,
 * Secret access through the agent's Kubernetes client (only to Secrets marked for this source),
 * projected tokens from the agent's token directories only, and a change signal that marks the
 * source's credentials stale.
 */
public final class KubernetesSourceContext implements SourceContext {

  private final Clock clock;
  private final ClusterSecrets secrets;
  private final ProjectedTokens tokens;
  private final Runnable onChange;

  /**
   * @param tokens where the plugin may read ServiceAccount tokens from
   * @param onChange run when the plugin reports that the store changed
   */
  public KubernetesSourceContext(
      Clock clock, ClusterSecrets secrets, ProjectedTokens tokens, Runnable onChange) {
    this.clock = clock;
    this.secrets = secrets;
    this.tokens = tokens;
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
    Optional<String> refused = tokens.refusal(path);
    if (refused.isPresent()) {
      throw new SourceException.InvalidConfig(refused.get());
    }
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
