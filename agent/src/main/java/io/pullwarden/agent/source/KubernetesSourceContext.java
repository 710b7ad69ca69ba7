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
 * Secret access through the agent's Kubernetes client (only to Secrets marked for this source),
 * projected tokens from this source's own token directory only, and a change signal that marks the
 * source's credentials stale.
 */
public final class KubernetesSourceContext implements SourceContext {

  private final Clock clock;
  private final ClusterSecrets secrets;
  private final ProjectedTokens tokens;
  private final String source;
  private final Runnable onChange;

  /**
   * @param tokens where plugins may read ServiceAccount tokens from
   * @param source the CredentialSource whose plugin uses this context
   * @param onChange run when the plugin reports that the store changed
   */
  public KubernetesSourceContext(
      Clock clock,
      ClusterSecrets secrets,
      ProjectedTokens tokens,
      String source,
      Runnable onChange) {
    this.clock = clock;
    this.secrets = secrets;
    this.tokens = tokens;
    this.source = source;
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
    Path file =
        switch (tokens.decide(source, path)) {
          case ProjectedTokens.Decision.Read read -> read.path();
          case ProjectedTokens.Decision.Refused refused ->
              throw new SourceException.InvalidConfig(refused.message());
        };
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new SourceException.AuthFailed(
          "the ServiceAccount token at "
              + path
              + " could not be read ("
              + e.getClass().getSimpleName()
              + ")",
          null);
    }
  }

  @Override
  public void signalChange() {
    onChange.run();
  }
}
