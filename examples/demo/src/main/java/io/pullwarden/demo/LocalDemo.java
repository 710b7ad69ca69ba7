package io.pullwarden.demo;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.CustomResourceDefinitions;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.OpenBaoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code scripts/demo}: starts a local kube-apiserver and OpenBao, installs the CRDs, starts the
 * agent from the distribution, creates three namespaces and a registry credential in OpenBao, shows
 * the Secrets appear and the ServiceAccounts attached, rotates the credential and shows every
 * namespace follow, prints the metric that counted the rotation, and stops everything.
 */
public final class LocalDemo {

  static final List<String> NAMESPACES = List.of("team-a", "team-b", "team-c");
  static final String AGENT_NAMESPACE = "pullwarden-system";
  static final String REGISTRY = "registry.demo.local";

  private LocalDemo() {}

  public static void main(String[] args) throws Exception {
    Path repository = Path.of(System.getProperty("pullwarden.repository", ".")).toAbsolutePath();
    Path archive = Path.of(System.getProperty("pullwarden.dist.archive"));
    Narrator say = new Narrator();

    say.step("Starting a local Kubernetes API server (kube-apiserver and etcd, no nodes)");
    try (KubernetesServer kubernetes = KubernetesServer.start();
        KubernetesClient client = kubernetes.newClient()) {
      say.done(
          "API server "
              + client.getMasterUrl()
              + ", Kubernetes "
              + client.getKubernetesVersion().getGitVersion());

      say.step("Starting OpenBao (Vault API) in dev mode");
      try (OpenBaoServer openBao = OpenBaoServer.start()) {
        say.done("OpenBao " + openBao.address());

        say.step("Installing the CRDs from chart/pullwarden/files/crds/");
        Cluster cluster = new Cluster(client);
        CustomResourceDefinitions.apply(client, repository.resolve("chart/pullwarden/files/crds"));
        cluster.namespace(AGENT_NAMESPACE, Map.of());
        cluster.secret(
            AGENT_NAMESPACE, "vault-token", "demo-vault", Map.of("token", openBao.rootToken()));
        say.done("CredentialSource and PullSecretSync are served");

        say.step("Starting the agent: bin/pullwarden run (from " + archive.getFileName() + ")");
        int port = FreePort.next();
        try (LaunchedAgent agent =
            LaunchedAgent.start(archive, kubernetes.kubeconfigFile(), AGENT_NAMESPACE, port)) {
          say.done(
              "agent running, metrics on http://127.0.0.1:"
                  + port
                  + "/metrics, log in "
                  + agent.log());

          say.step("Creating three namespaces labelled pullwarden.io/inject=true");
          for (String namespace : NAMESPACES) {
            cluster.namespace(namespace, Map.of("pullwarden.io/inject", "true"));
            // A real cluster's controller manager creates "default"; this one has none.
            client
                .serviceAccounts()
                .inNamespace(namespace)
                .resource(
                    new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("default")
                        .endMetadata()
                        .addToImagePullSecrets(new LocalObjectReference("team-registry"))
                        .build())
                .create();
          }
          say.done(
              String.join(", ", NAMESPACES)
                  + " (each ServiceAccount \"default\" already pulls with \"team-registry\")");

          say.step("Writing a registry credential to OpenBao: secret/demo/registry (KV v2)");
          String first = "pw-" + UUID.randomUUID().toString().substring(0, 8);
          openBao
              .api()
              .write(
                  "secret/data/demo/registry",
                  Map.of("data", Map.of("username", "demo-robot", "password", first)));
          say.done("version 1 written");

          say.step("Applying a CredentialSource (vault) and a PullSecretSync (demo-registry)");
          cluster.apply(
              Files.readString(repository.resolve("examples/demo/demo.yaml"))
                  .replace("VAULT_ADDRESS", openBao.address().toString()));
          cluster.awaitSecrets(
              NAMESPACES, "demo-registry", REGISTRY, first, Duration.ofSeconds(60));
          say.table(cluster.describe(NAMESPACES, "demo-registry", REGISTRY));
          say.done("the Secret is in every namespace and attached after the existing entry");

          say.step("Rotating the credential in OpenBao (version 2); no pod is restarted");
          String second = "pw-" + UUID.randomUUID().toString().substring(0, 8);
          long started = System.nanoTime();
          openBao
              .api()
              .write(
                  "secret/data/demo/registry",
                  Map.of("data", Map.of("username", "demo-robot", "password", second)));
          cluster.awaitSecrets(
              NAMESPACES, "demo-registry", REGISTRY, second, Duration.ofSeconds(60));
          say.table(cluster.describe(NAMESPACES, "demo-registry", REGISTRY));
          say.done(
              "every namespace updated in place "
                  + Duration.ofNanos(System.nanoTime() - started).toMillis()
                  + " ms after the write"
                  + " (the sync checks OpenBao every 2s in this demo)");

          say.step("The metric that counted the rotation");
          say.line(
              agent.metricLine(
                  "pullwarden_rotations_total{sync=\"demo-registry\"}", Duration.ofSeconds(30)));
          say.line(
              agent.metricLine(
                  "pullwarden_source_requests_total{operation=\"fetch\",outcome=\"success\",plugin=\"vault\",source=\"demo-vault\"}",
                  Duration.ofSeconds(5)));
          say.done(
              "two reads from OpenBao in all: one per credential version, for three namespaces");

          say.step("Stopping the agent, OpenBao and the API server");
        }
      }
    }
    say.done("everything the demo started has stopped");
  }
}
