package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.ClusterSecrets;
import io.pullwarden.plugin.SecretData;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.testkit.SettableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link SourceContext} for unit tests: Secrets of the agent's namespace in memory, a
 * ServiceAccount token per path, and a clock the test moves.
 */
final class FakeSourceContext implements SourceContext, ClusterSecrets {

  static final String NAMESPACE = "pullwarden";

  final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
  final Map<Path, String> tokens = new HashMap<>();
  private final Map<String, SecretData> secrets = new HashMap<>();

  void putSecret(String name, Map<String, String> data) {
    Map<String, byte[]> bytes = new HashMap<>();
    data.forEach((key, value) -> bytes.put(key, value.getBytes(StandardCharsets.UTF_8)));
    secrets.put(name, new SecretData(NAMESPACE, name, "1", bytes));
  }

  @Override
  public SettableClock clock() {
    return clock;
  }

  @Override
  public ClusterSecrets secrets() {
    return this;
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
  public void signalChange() {}

  @Override
  public String agentNamespace() {
    return NAMESPACE;
  }

  @Override
  public Optional<SecretData> get(String namespace, String name) {
    return namespace.equals(NAMESPACE) ? Optional.ofNullable(secrets.get(name)) : Optional.empty();
  }

  @Override
  public AutoCloseable watch(String namespace, String name, Runnable onChange) {
    throw new UnsupportedOperationException("the vault plugin watches no Secrets");
  }
}
