package io.pullwarden.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fixture itself: the kubelet really authenticates to the private registry with a pod's pull
 * Secret, and without one the pull is refused with the registry's 401, so a test on this node
 * cannot pass by accident.
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
      client
          .resource(
              pullSecret("regcred", registry.host(), registry.username(), registry.password()))
          .create();
      awaitDefaultServiceAccount(client);

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
      assertThat(NodePods.events(client, "node-it", "without")).contains("401 Unauthorized");
    }
  }

  @Test
  void aSecondNodeOnTheSameMachineIsRefused(RealNode node) {
    assertThatThrownBy(RealNode::start)
        .hasMessageContaining("a real test node already runs on this machine")
        .hasMessageContaining("only one kubelet can run per machine");
  }

  private static void awaitDefaultServiceAccount(KubernetesClient client) {
    for (int i = 0;
        i < 100
            && client.serviceAccounts().inNamespace("node-it").withName("default").get() == null;
        i++) {
      ServerProcess.sleep(Duration.ofMillis(100));
    }
  }

  private static io.fabric8.kubernetes.api.model.Secret pullSecret(
      String name, String host, String user, String password) {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace("node-it")
        .withName(name)
        .endMetadata()
        .withType("kubernetes.io/dockerconfigjson")
        .withStringData(
            Map.of(
                ".dockerconfigjson", "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}"))
        .build();
  }
}
