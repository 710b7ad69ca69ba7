package io.pullwarden.plugins.kubernetessecret;

import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** A {@link SourceContext} over {@link FakeClusterSecrets} that counts change signals. */
final class FakeSourceContext implements SourceContext {

  final FakeClusterSecrets secrets;
  int changeSignals;

  FakeSourceContext(String agentNamespace) {
    this.secrets = new FakeClusterSecrets(agentNamespace);
  }

  @Override
  public Clock clock() {
    return Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
  }

  @Override
  public FakeClusterSecrets secrets() {
    return secrets;
  }

  @Override
  public String serviceAccountToken(Path path) throws SourceException {
    throw new SourceException.AuthFailed("the kubernetes-secret plugin needs no token", null);
  }

  @Override
  public void signalChange() {
    changeSignals++;
  }
}
