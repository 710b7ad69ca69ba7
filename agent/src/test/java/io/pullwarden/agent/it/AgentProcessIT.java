package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped agent as users run it: the distribution's launcher, {@code run}, the
 * kubernetes-secret plugin loaded by PF4J from {@code plugins/}, the kubeconfig of the test API
 * server. Runs in a JVM of its own (Failsafe does not reuse forks in this module), so no in-process
 * agent competes with it.
 */
@ExtendWith(KubernetesExtension.class)
class AgentProcessIT {

  private static final String SERVER = "registry.process.test";

  @Test
  void theLaunchedAgentSyncsAndAnswersItsProbes(KubernetesServer server, @TempDir Path unpacked)
      throws Exception {
    Path home = unpack(unpacked);
    int port = FreePort.next();
    try (KubernetesClient client = server.newClient()) {
      RunningAgent.applyCrds(client);
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(RunningAgent.AGENT_NAMESPACE)
                  .endMetadata()
                  .build())
          .serverSideApply();
      Process agent = launch(home, server, port, unpacked.resolve("agent.log"));
      try {
        TestCluster cluster = new TestCluster(client);
        cluster.namespace("process-a", Map.of("process", "true"));
        cluster.centralLogin("process-cred", "robot", "process-password");
        cluster.source("process-source");
        cluster.sync("process", "process-source", "process-cred", SERVER, "process", spec -> {});

        await()
            .atMost(TestCluster.PATIENCE)
            .until(() -> cluster.writtenPassword("process-a", "process-pull", SERVER).isPresent());
        assertThat(cluster.writtenPassword("process-a", "process-pull", SERVER))
            .contains("process-password");
        assertThat(status(port, "/readyz")).isEqualTo(200);
        assertThat(status(port, "/healthz")).isEqualTo(200);
      } finally {
        agent.destroy();
        assertThat(agent.waitFor(20, TimeUnit.SECONDS)).as("the agent stops on SIGTERM").isTrue();
      }
      assertThat(Files.readString(unpacked.resolve("agent.log")))
          .contains("\"formattedMessage\":\"running; probes on port " + port)
          .doesNotContain("process-password");
    }
  }

  private static Path unpack(Path into) throws Exception {
    Path archive = Path.of(System.getProperty("pullwarden.dist.archive"));
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    return into.resolve("pullwarden-" + System.getProperty("pullwarden.version"));
  }

  private static Process launch(Path home, KubernetesServer server, int port, Path log)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    home.resolve("bin/pullwarden").toString(),
                    "run",
                    "--namespace",
                    RunningAgent.AGENT_NAMESPACE,
                    "--metrics-port",
                    String.valueOf(port)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("KUBECONFIG", server.kubeconfigFile().toString());
    return builder.start();
  }

  private static int status(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
