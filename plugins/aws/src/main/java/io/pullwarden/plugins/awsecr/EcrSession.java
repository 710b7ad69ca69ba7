package io.pullwarden.plugins.awsecr;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugins.aws.StoreHealth;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session on ECR for one CredentialSource. It keeps the current token of each registry and calls
 * {@code GetAuthorizationToken} only when there is none yet or the current one is two thirds
 * through its lifetime ({@link TokenLifetime}). {@link #version} and {@link #fetch} both answer
 * from that token, so the version is the token's identity ({@code <issued-at>#<n>}): it stays the
 * same until the session replaces the token, then moves, and the agent fetches once per token
 * however many syncs use the registry. The credential carries the token's expiry.
 */
final class EcrSession implements CredentialSession {

  private static final Logger LOG = LoggerFactory.getLogger(EcrSession.class);

  private final RegistryTokens registry;
  private final Clock clock;
  private final AutoCloseable login;
  private final String description;
  private final StoreHealth health = new StoreHealth();
  private final Map<Optional<String>, IssuedToken> tokens = new HashMap<>();
  private long issued;
  private boolean warnedAboutExpiry;

  /**
   * @param login closed with the session, after the registry client
   * @param description says which source this is, for messages
   */
  EcrSession(RegistryTokens registry, Clock clock, AutoCloseable login, String description) {
    this.registry = registry;
    this.clock = clock;
    this.login = login;
    this.description = description;
  }

  @Override
  public Credential fetch(Settings ref) throws SourceException {
    return current(EcrRef.parse(ref)).credential();
  }

  @Override
  public Optional<String> version(Settings ref) throws SourceException {
    return Optional.of(current(EcrRef.parse(ref)).credential().version());
  }

  private synchronized IssuedToken current(EcrRef ref) throws SourceException {
    if (health.isClosed()) {
      throw new IllegalStateException("the aws-ecr session for " + description + " is closed");
    }
    Instant now = clock.instant();
    IssuedToken token = tokens.get(ref.registryId());
    if (token != null && !token.isDue(now)) {
      return token;
    }
    AuthorizationData data;
    try {
      data = registry.authorize(ref);
    } catch (SourceException e) {
      throw health.failed(e);
    }
    health.succeeded();
    TokenLifetime.Expiry expiry = TokenLifetime.expiry(now, data.expiresAt());
    Instant renewAt = TokenLifetime.renewAt(now, expiry.at());
    if (expiry.assumed()) {
      reportAssumedExpiry(data, now, expiry.at(), renewAt);
    }
    Credential credential =
        Credential.of(RegistryLogin.decode(data.token()), now + "#" + ++issued)
            .withServer(RegistryLogin.host(data.proxyEndpoint()))
            .withExpiry(expiry.at());
    token = new IssuedToken(credential, now, renewAt);
    tokens.put(ref.registryId(), token);
    return token;
  }

  private void reportAssumedExpiry(
      AuthorizationData data, Instant now, Instant expiresAt, Instant renewAt) {
    String reported = data.expiresAt().map(Instant::toString).orElse("none");
    String message =
        "ECR returned a token for {} whose expiresAt ({}) is not after now ({}); assuming ECR's"
            + " 12 h lifetime: it expires at {} and is renewed at {}. moto does this; against AWS,"
            + " check this host's clock";
    if (warnedAboutExpiry) {
      LOG.debug(message, data.proxyEndpoint(), reported, now, expiresAt, renewAt);
    } else {
      warnedAboutExpiry = true;
      LOG.warn(message, data.proxyEndpoint(), reported, now, expiresAt, renewAt);
    }
  }

  @Override
  public Health health() {
    return health.current();
  }

  @Override
  public synchronized void close() {
    if (health.isClosed()) {
      return;
    }
    health.closed("the aws-ecr session for " + description);
    tokens.clear();
    registry.close();
    try {
      login.close();
    } catch (Exception e) {
      // close() must not throw; the login only holds STS clients.
    }
  }
}
