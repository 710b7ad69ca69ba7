package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole agent, on a client that records every answered request: a rotation over K namespaces
 * sends the API server exactly K requests for the pull Secrets (one merge patch each) and reads
 * none of them.
 */
@ExtendWith(OwnApiServer.class)
class RotationRequestsIT {

  private static final String SERVER = "registry.rotation.test";
  private static final int NAMESPACES = 8;

  @Test
  void aRotationOverKNamespacesSendsKPatchesAndNoRead(KubernetesServer server) {
    List<String> namespaces = IntStream.range(0, NAMESPACES).mapToObj(i -> "rotreq-" + i).toList();
    Queue<String> answered = new ConcurrentLinkedQueue<>();
    Interceptor recorder =
        new Interceptor() {
          @Override
          public void after(
              HttpRequest request,
              HttpResponse<?> response,
              AsyncBody.Consumer<List<ByteBuffer>> consumer) {
            answered.add(request.method() + " " + request.uri().getPath() + " " + response.code());
          }
        };
    KubernetesClient recorded =
        new KubernetesClientBuilder()
            .withConfig(server.config())
            .withHttpClientBuilderConsumer(
                http -> http.addOrReplaceInterceptor("recorder", recorder))
            .build();
    try (KubernetesClient admin = server.newClient();
        RunningAgent agent = RunningAgent.start(recorded)) {
      TestCluster cluster = new TestCluster(admin);
      namespaces.forEach(ns -> cluster.namespace(ns, Map.of("rotreq", "true")));
      cluster.centralLogin("rotreq-source", "rotreq-cred", "robot", "first-password");
      cluster.source("rotreq-source");
      cluster.sync(
          "rotreq",
          "rotreq-source",
          "rotreq-cred",
          SERVER,
          "rotreq",
          spec -> spec.setRefreshInterval("1s"));
      await()
          .atMost(TestCluster.PATIENCE)
          .untilAsserted(
              () ->
                  cluster.assertWrittenEverywhere(
                      namespaces, "rotreq-pull", SERVER, "first-password"));
      cluster.awaitCondition("rotreq", "Ready", "True");
      answered.clear();

      cluster.centralLogin("rotreq-source", "rotreq-cred", "robot", "second-password");
      await()
          .atMost(TestCluster.PATIENCE)
          .untilAsserted(
              () ->
                  cluster.assertWrittenEverywhere(
                      namespaces, "rotreq-pull", SERVER, "second-password"));
      // Quiet refreshes after the rotation (every second) must add nothing.
      await().pollDelay(Duration.ofSeconds(3)).until(() -> true);

      assertThat(
              answered.stream()
                  .filter(request -> request.contains("/secrets/rotreq-pull "))
                  .toList())
          .as("requests for the pull Secrets during and after the rotation")
          .containsExactlyInAnyOrderElementsOf(
              namespaces.stream()
                  .map(ns -> "PATCH /api/v1/namespaces/" + ns + "/secrets/rotreq-pull 200")
                  .toList());
      assertThat(cluster.getSync("rotreq").getStatus().getProblems()).isNullOrEmpty();
    }
  }
}
