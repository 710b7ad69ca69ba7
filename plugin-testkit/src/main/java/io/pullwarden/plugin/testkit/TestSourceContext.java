package io.pullwarden.plugin.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.plugin.ClusterSecrets;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.testenv.KubernetesServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link io.pullwarden.plugin.SourceContext} a plugin test hands to its factory instead of the
 * agent's: Secrets are read and watched on a real API server (testenv's {@link KubernetesServer}),
 * time comes from a {@link SettableClock}, and change signals and open watches are counted so a
 * test can assert that a watch fired or that a closed session let go of its watches. Close it after
 * the tests.
 */
public final class TestSourceContext implements ConformanceContext, AutoCloseable {

  private final KubernetesClient client;
  private final ApiServerSecrets secrets;
  private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final AtomicInteger changeSignals = new AtomicInteger();

  /**
   * @param agentNamespace what {@link ClusterSecrets#agentNamespace()} answers; the test creates
   *     the namespace if it needs it to exist
   */
  public TestSourceContext(KubernetesServer server, String agentNamespace) {
    this.client = server.newClient();
    this.secrets = new ApiServerSecrets(client, agentNamespace);
  }

  @Override
  public SettableClock clock() {
    return clock;
  }

  @Override
  public ClusterSecrets secrets() {
    return secrets;
  }

  /** Reads the file at {@code path}, as the agent reads a projected token. */
  @Override
  public String serviceAccountToken(Path path) throws SourceException {
    try {
      return Files.readString(path).trim();
    } catch (NoSuchFileException e) {
      throw new SourceException.AuthFailed("no ServiceAccount token at " + path, e);
    } catch (IOException e) {
      throw new SourceException.AuthFailed("cannot read the ServiceAccount token at " + path, e);
    }
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

  /** The cluster-admin client behind this context, for tests that create and change Secrets. */
  public KubernetesClient client() {
    return client;
  }

  /** Closes watches a plugin left open, then the client. */
  @Override
  public void close() {
    secrets.closeAll();
    client.close();
  }
}
