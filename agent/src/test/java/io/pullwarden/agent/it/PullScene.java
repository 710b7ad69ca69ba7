package io.pullwarden.agent.it;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecFluent;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The objects of a pull on the API server, as {@code diagnose}'s tests set them up: namespaces,
 * ServiceAccounts, dockerconfigjson Secrets holding one known login, pods (with the pull Secrets
 * ServiceAccount admission would give them) and pull Events written as the kubelet writes them.
 */
final class PullScene {

  /** The password of every Secret here; no diagnosis may print it. */
  static final String PASSWORD = "Diag-Canary-0003-pw";

  /** {@code base64(robot:PASSWORD)}, the auth field of every Secret here. */
  static final String AUTH =
      Base64.getEncoder().encodeToString(("robot:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

  private PullScene() {}

  static void namespace(KubernetesClient client, String name) {
    new TestCluster(client).namespace(name, Map.of());
  }

  static void account(KubernetesClient client, String namespace, String name, String... secrets) {
    client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withImagePullSecrets(
                    List.of(secrets).stream().map(LocalObjectReference::new).toList())
                .build())
        .serverSideApply();
  }

  static void pullSecret(
      KubernetesClient client,
      String namespace,
      String name,
      String key,
      Map<String, String> labels) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withStringData(
                    Map.of(
                        ".dockerconfigjson",
                        "{\"auths\":{\"" + key + "\":{\"auth\":\"" + AUTH + "\"}}}"))
                .build())
        .serverSideApply();
  }

  static void pod(
      KubernetesClient client,
      String namespace,
      String account,
      String image,
      Consumer<PodSpecFluent<?>> customise) {
    PodBuilder pod =
        new PodBuilder().withNewMetadata().withName("web").withNamespace(namespace).endMetadata();
    var spec = pod.withNewSpec().withServiceAccountName(account);
    spec.addNewContainer().withName("app").withImage(image).endContainer();
    customise.accept(spec);
    if (!spec.hasImagePullSecrets()) {
      // What ServiceAccount admission does at creation; kube-api-test's API server runs with that
      // plugin disabled (RealNode's has it on).
      var admitted = client.serviceAccounts().inNamespace(namespace).withName(account).get();
      if (admitted != null && admitted.getImagePullSecrets() != null) {
        spec.withImagePullSecrets(admitted.getImagePullSecrets());
      }
    }
    client.resource(spec.endSpec().build()).create();
  }

  /** An Event as the kubelet posts it about a pod's container (core/v1, source kubelet). */
  static void kubeletEvent(KubernetesClient client, Pod pod, String reason, String message) {
    String now = Instant.now().toString();
    client
        .v1()
        .events()
        .inNamespace(pod.getMetadata().getNamespace())
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withGenerateName("web.")
                .withNamespace(pod.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName("web")
                .withNamespace(pod.getMetadata().getNamespace())
                .withUid(pod.getMetadata().getUid())
                .withFieldPath("spec.containers{app}")
                .endInvolvedObject()
                .withType(reason.equals("BackOff") ? "Normal" : "Warning")
                .withReason(reason)
                .withMessage(message)
                .withNewSource()
                .withComponent("kubelet")
                .withHost("node-1")
                .endSource()
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build())
        .create();
  }
}
