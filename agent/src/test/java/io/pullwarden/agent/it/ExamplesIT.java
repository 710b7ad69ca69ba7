package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests in {@code examples/} applied as a user would, to the launched distribution, so the
 * examples cannot rot: each must end with its Secret written and attached.
 */
@ExtendWith(OwnApiServer.class)
class ExamplesIT {

  private static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void theKubernetesSecretExampleWorksAsWritten(KubernetesServer server, @TempDir Path work)
      throws Exception {
    try (KubernetesClient client = server.newClient()) {
      prepare(client);
      Process agent =
          Distribution.unpack(work)
              .run(
                  server,
                  FreePort.next(),
                  work.resolve("agent.log"),
                  Map.of(),
                  "--no-leader-election");
      try {
        for (String file :
            new String[] {"central-secret.yaml", "credentialsource.yaml", "pullsecretsync.yaml"}) {
          apply(client, EXAMPLES.resolve("kubernetes-secret").resolve(file));
        }
        TestCluster cluster = new TestCluster(client);

        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(
                            cluster.writtenPassword(
                                "my-app", "example-registry", "registry.example.com"))
                        .as("password in my-app")
                        .isPresent());
        assertThat(cluster.writtenPassword("my-app", "example-registry", "registry.example.com"))
            .contains("change-me");
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(
                            client
                                .serviceAccounts()
                                .inNamespace("my-app")
                                .withName("default")
                                .get()
                                .getImagePullSecrets())
                        .as("imagePullSecrets of ServiceAccount my-app/default")
                        .contains(new LocalObjectReference("example-registry")));
        cluster.awaitCondition("example-registry", "Ready", "True");
      } finally {
        agent.destroy();
        agent.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  /** What the example's README assumes: CRDs, the agent's namespace, a labelled app namespace. */
  private static void prepare(KubernetesClient client) {
    RunningAgent.prepare(client);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("my-app")
                .withLabels(Map.of("pullwarden.io/inject", "true"))
                .endMetadata()
                .build())
        .serverSideApply();
    // No controller manager runs here to create the default ServiceAccount; a cluster would.
    client
        .serviceAccounts()
        .inNamespace("my-app")
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build())
        .serverSideApply();
  }

  private static void apply(KubernetesClient client, Path manifest) throws Exception {
    try (InputStream in = Files.newInputStream(manifest)) {
      client.load(in).serverSideApply();
    }
  }
}
