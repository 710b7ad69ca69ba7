package io.pullwarden.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fixture itself: the kubelet really authenticates to the private registry with a pod's pull
 * Secret, and without one the pull is refused with the registry's 401, so a test on this node
 * cannot pass by accident; a pod the scheduler places gets an address on the pod network and
 * reaches the API server's Service and the host ports a test exposes; a second node is refused.
 */
@ExtendWith(RealNodeExtension.class)
class RealNodeIT {

  private static final Duration PULL = Duration.ofMinutes(1);

  @Test
  void aPodPullsThePrivateImageWithItsPullSecretAndIsRefusedWithoutOne(RealNode node) {
    try (KubernetesClient client = node.apiServer().newClient()) {
      client
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("node-it").endMetadata().build())
          .create();
      RegistryServer registry = node.privateRegistry();
      awaitServiceAccount(client, "node-it");
      client
          .resource(
              pullSecret(
                  "node-it", "regcred", registry.host(), registry.username(), registry.password()))
          .create();

      client
          .resource(
              NodePods.pod(
                  "node-it",
                  "with-secret",
                  node.privateImage(),
                  "Always",
                  "default",
                  List.of("regcred")))
          .create();
      client
          .resource(
              NodePods.pod(
                  "node-it", "without", node.privateImage(), "Always", "default", List.of()))
          .create();

      assertThat(NodePods.awaitPullOutcome(client, "node-it", "with-secret", PULL))
          .isEqualTo("Running");
      assertThat(NodePods.awaitPullOutcome(client, "node-it", "without", PULL))
          .isIn(NodePods.PULL_FAILED);
      assertThat(
              NodePods.awaitEvent(
                  client, "node-it", "without", "401 Unauthorized", Duration.ofSeconds(30)))
          .as(
              "the registry's 401 in the pod's events: %s",
              NodePods.events(client, "node-it", "without"))
          .isTrue();
    }
  }

  @Test
  void aScheduledPodOnThePodNetworkReachesTheApiServerServiceAndAnExposedHostPort(RealNode node)
      throws Exception {
    HttpServer host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger requests = new AtomicInteger();
    host.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    host.start();
    try (KubernetesClient client = node.apiServer().newClient()) {
      client
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("node-net").endMetadata().build())
          .create();
      RegistryServer registry = node.privateRegistry();
      String exposed = node.exposeToPods(host.getAddress().getPort());
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withNamespace("node-net")
              .withName("probe")
              .endMetadata()
              .withNewSpec()
              .withRestartPolicy("Never")
              .withAutomountServiceAccountToken(false)
              .withImagePullSecrets(new LocalObjectReference("regcred"))
              .addNewContainer()
              .withName("probe")
              .withImage(node.privateImage())
              .withCommand(
                  "sh",
                  "-c",
                  "wget -q -O- --no-check-certificate https://10.96.0.1/readyz && wget -q -O- http://"
                      + exposed
                      + "/")
              .endContainer()
              .endSpec()
              .build();
      awaitServiceAccount(client, "node-net");
      client
          .resource(
              pullSecret(
                  "node-net", "regcred", registry.host(), registry.username(), registry.password()))
          .create();
      client.resource(pod).create();

      await().atMost(PULL).until(() -> phase(client).matches("Succeeded|Failed"));
      Pod done = client.pods().inNamespace("node-net").withName("probe").get();
      assertThat(done.getSpec().getNodeName())
          .as("bound by the scheduler")
          .isEqualTo(RealNode.NAME);
      assertThat(done.getStatus().getPodIP())
          .as("an address on the pod network")
          .startsWith("10.244.0.");
      assertThat(phase(client)).as("both requests answered").isEqualTo("Succeeded");
      assertThat(requests.get()).isEqualTo(1);
    } finally {
      host.stop(0);
    }
  }

  private static String phase(KubernetesClient client) {
    return client.pods().inNamespace("node-net").withName("probe").get().getStatus().getPhase();
  }

  @Test
  void aSecondNodeOnTheSameMachineIsRefusedFromThisJvmAndFromAnotherProcess(RealNode node)
      throws Exception {
    assertThatThrownBy(RealNode::start)
        .hasMessageContaining("a real test node already runs on this machine, in this JVM")
        .hasMessageContaining("only one kubelet can run per machine");

    // The refusal above must not have dropped the lock (a POSIX lock goes with any close).
    Process probe =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                NodeLockProbe.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor()).as(output).isEqualTo(3);
    assertThat(output)
        .contains("held by process " + ProcessHandle.current().pid())
        .contains("only one kubelet can run per machine");
  }

  /** kube-controller-manager creates a namespace's default ServiceAccount a moment after it. */
  private static void awaitServiceAccount(KubernetesClient client, String namespace) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.serviceAccounts().inNamespace(namespace).withName("default").get() != null);
  }

  private static Secret pullSecret(
      String namespace, String name, String host, String user, String password) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withType("kubernetes.io/dockerconfigjson")
        .withStringData(Map.of(".dockerconfigjson", Skopeo.dockerConfigJson(host, user, password)))
        .build();
  }
}
