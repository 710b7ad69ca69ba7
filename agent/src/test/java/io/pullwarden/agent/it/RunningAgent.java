package io.pullwarden.agent.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.Agent;
import io.pullwarden.agent.HttpEndpoints;
import io.pullwarden.agent.source.RetryBackoff;
import io.pullwarden.agent.source.SourceFactories;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugins.kubernetessecret.KubernetesSecretSourceFactory;
import io.pullwarden.testenv.CustomResourceDefinitions;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One agent, in-process, against the shared test API server: the chart's CRDs applied, the real
 * kubernetes-secret plugin (wrapped to count store calls) as its only source type. Shared by every
 * integration test in the module, which keep apart by using their own names.
 */
final class RunningAgent implements AutoCloseable {

  static final String AGENT_NAMESPACE = "pullwarden-system";

  /**
   * The first and the longest wait after a failure that only time fixes, for every agent the tests
   * start (the default, 10 s to 5 min, is table-tested in {@code RetryBackoffTest}): tests wait for
   * the outcome they check, not for the production backoff.
   */
  static final Duration RETRY_DELAY = Duration.ofMillis(200);

  static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(2);

  /** {@link #RETRY_DELAY} to {@link #MAX_RETRY_DELAY}, with the default jitter. */
  static final RetryBackoff RETRY_BACKOFF =
      new RetryBackoff(RETRY_DELAY, MAX_RETRY_DELAY, RetryBackoff.DEFAULT.jitter());

  private static final Path CRDS = Path.of("..", "chart", "pullwarden", "files", "crds");

  private final KubernetesClient client;
  private final CountingSourceFactory source;
  private final Agent agent;
  private final HttpEndpoints http;

  private RunningAgent(
      KubernetesClient client, CountingSourceFactory source, Agent agent, HttpEndpoints http) {
    this.client = client;
    this.source = source;
    this.agent = agent;
    this.http = http;
  }

  static RunningAgent start(KubernetesServer server) {
    return start(server.newClient());
  }

  /** Starts an agent that reaches the API server through {@code client} (which it will close). */
  static RunningAgent start(KubernetesClient client) {
    CountingSourceFactory source = new CountingSourceFactory(new KubernetesSecretSourceFactory());
    SourceFactories factories =
        new SourceFactories() {
          @Override
          public Optional<CredentialSourceFactory> factory(String type) {
            return type.equals(source.type()) ? Optional.of(source) : Optional.empty();
          }

          @Override
          public Set<String> types() {
            return Set.of(source.type());
          }
        };
    Agent agent = startAgent(client, factories);
    HttpEndpoints http =
        HttpEndpoints.start(0, agent.metrics()::scrape, agent::isHealthy, agent::isStarted);
    return new RunningAgent(client, source, agent, http);
  }

  /**
   * Prepares the API server behind {@code client} and starts an agent on it with {@code factories}
   * (a plugin catalog, or the tests' counting source) and the tests' short retry backoff.
   */
  static Agent startAgent(KubernetesClient client, SourceFactories factories) {
    prepare(client);
    return Agent.start(
        client, factories, Agent.Options.defaults(AGENT_NAMESPACE).withRetryBackoff(RETRY_BACKOFF));
  }

  KubernetesClient client() {
    return client;
  }

  CountingSourceFactory source() {
    return source;
  }

  /** The port of the agent's {@code /metrics}, {@code /healthz} and {@code /readyz}. */
  int httpPort() {
    return http.port();
  }

  /**
   * Makes the test API server ready for an agent: the chart's CRDs served and the agent's namespace
   * there.
   */
  static void prepare(KubernetesClient client) {
    CustomResourceDefinitions.apply(client, CRDS);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(AGENT_NAMESPACE)
                .endMetadata()
                .build())
        .serverSideApply();
  }

  @Override
  public void close() {
    http.close();
    agent.close();
    client.close();
  }
}
