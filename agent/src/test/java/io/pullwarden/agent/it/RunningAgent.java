package io.pullwarden.agent.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.Agent;
import io.pullwarden.agent.HttpEndpoints;
import io.pullwarden.agent.source.SourceFactories;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugins.kubernetessecret.KubernetesSecretSourceFactory;
import io.pullwarden.testenv.KubernetesServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One agent, in-process, against the shared test API server: the chart's CRDs applied, the real
 * kubernetes-secret plugin (wrapped to count store calls) as its only source type. Shared by every
 * integration test in the module, which keep apart by using their own names.
 */
final class RunningAgent implements AutoCloseable {

  static final String AGENT_NAMESPACE = "pullwarden-system";
  private static final Path CRDS = Path.of("..", "chart", "pullwarden", "crds");

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
    applyCrds(client);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(AGENT_NAMESPACE)
                .endMetadata()
                .build())
        .serverSideApply();
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
    Agent agent = Agent.start(client, factories, Agent.Options.defaults(AGENT_NAMESPACE));
    HttpEndpoints http =
        HttpEndpoints.start(0, agent.metrics()::scrape, agent::isHealthy, agent::isStarted);
    return new RunningAgent(client, source, agent, http);
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

  /** Applies the chart's CRDs and waits until the API server serves them. */
  static void applyCrds(KubernetesClient client) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(CRDS, "*.yml")) {
      for (Path file : files) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd =
              client.apiextensions().v1().customResourceDefinitions().load(in).item();
          client.resource(crd).serverSideApply();
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd.getMetadata().getName())
              .waitUntilCondition(
                  c ->
                      c.getStatus() != null
                          && c.getStatus().getConditions() != null
                          && c.getStatus().getConditions().stream()
                              .anyMatch(
                                  cond ->
                                      "Established".equals(cond.getType())
                                          && "True".equals(cond.getStatus())),
                  30,
                  TimeUnit.SECONDS);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not read the CRDs in " + CRDS.toAbsolutePath(), e);
    }
  }

  @Override
  public void close() {
    http.close();
    agent.close();
    client.close();
  }
}
