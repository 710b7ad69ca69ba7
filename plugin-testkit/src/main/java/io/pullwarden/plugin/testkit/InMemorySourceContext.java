package io.pullwarden.plugin.testkit;

import io.pullwarden.plugin.SourceException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link io.pullwarden.plugin.SourceContext} a plugin's unit and conformance tests hand to its
 * factory when they need no API server: Secrets in memory ({@link InMemorySecrets}), ServiceAccount
 * tokens a test sets per path, a {@link SettableClock} starting at 2030-01-01T00:00:00Z, and a
 * count of change signals. A plugin outside this repository can run {@link
 * CredentialSourceConformance} with it against its own store, or against Secrets when the store is
 * Kubernetes itself.
 */
public final class InMemorySourceContext implements ConformanceContext {

  private final InMemorySecrets secrets;
  private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final Map<Path, String> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger changeSignals = new AtomicInteger();

  /**
   * @param agentNamespace what {@link InMemorySecrets#agentNamespace()} answers
   */
  public InMemorySourceContext(String agentNamespace) {
    this.secrets = new InMemorySecrets(agentNamespace);
  }

  /** Makes {@link #serviceAccountToken} answer {@code token} for {@code path}. */
  public void putToken(Path path, String token) {
    tokens.put(path, token);
  }

  @Override
  public SettableClock clock() {
    return clock;
  }

  @Override
  public InMemorySecrets secrets() {
    return secrets;
  }

  @Override
  public String serviceAccountToken(Path path) throws SourceException {
    String token = tokens.get(path);
    if (token == null) {
      throw new SourceException.AuthFailed("no ServiceAccount token at " + path, null);
    }
    return token;
  }

  @Override
  public void signalChange() {
    changeSignals.incrementAndGet();
  }

  @Override
  public int changeSignals() {
    return changeSignals.get();
  }

  @Override
  public int openWatches() {
    return secrets.openWatches();
  }
}
