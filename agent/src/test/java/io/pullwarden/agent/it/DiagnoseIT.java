package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncStatus;
import io.pullwarden.agent.diagnose.Cause;
import io.pullwarden.agent.diagnose.Diagnoser;
import io.pullwarden.agent.diagnose.Diagnosis;
import io.pullwarden.agent.diagnose.DiagnosisReport;
import io.pullwarden.agent.diagnose.KubernetesClusterView;
import io.pullwarden.agent.diagnose.RegistryLoginCheck;
import io.pullwarden.agent.diagnose.Subjects;
import io.pullwarden.agent.fanout.ManagedSecret;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code diagnose} against the real API server, each row of the troubleshooting table set up as the
 * objects a cluster would hold — pods admitted by the API server's ServiceAccount admission,
 * Secrets, ServiceAccounts, a PullSecretSync with its status, and pull Events written as the
 * kubelet writes them (a real node's pull is not part of this test) — and a healthy pod. No agent
 * runs, so the sync's status is the test's own. The launched distribution's run is {@link
 * DiagnoseLaunchIT}.
 */
@ExtendWith(OwnApiServer.class)
class DiagnoseIT {

  static final String PASSWORD = "Diag-Canary-0003-pw";
  static final String AUTH =
      Base64.getEncoder().encodeToString(("robot:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

  @Test
  void aPodWhoseAccountsSecretMatchesCanPull(KubernetesServer server) {
    try (KubernetesClient client = prepared(server)) {
      healthy(client, "diag-healthy");

      Diagnosis diagnosis = diagnose(client, "diag-healthy", "web");

      assertThat(diagnosis.verdict()).as(DiagnosisReport.text(diagnosis)).isEqualTo(Cause.NONE);
      assertThat(diagnosis.images().get(0).key()).contains("registry.diag.test");
    }
  }

  @Test
  void noImagePullSecretsAnywhere(KubernetesServer server) {
    try (KubernetesClient client = prepared(server)) {
      namespace(client, "diag-none");
      account(client, "diag-none", "default");
      pod(client, "diag-none", "default", "registry.diag.test/team/app:1", spec -> {});

      assertThat(diagnose(client, "diag-none", "web").verdict()).isEqualTo(Cause.NO_PULL_SECRETS);
    }
  }

  @Test
  void theSecretIsInAnotherNamespace(KubernetesServer server) {
    try (KubernetesClient client = prepared(server)) {
      namespace(client, "diag-shared");
      pullSecret(client, "diag-shared", "regcred", "registry.diag.test", Map.of());
      namespace(client, "diag-other");
      account(client, "diag-other", "default", "regcred");
      pod(client, "diag-other", "default", "registry.diag.test/team/app:1", spec -> {});

      Diagnosis diagnosis = diagnose(client, "diag-other", "web");

      assertThat(diagnosis.verdict()).isEqualTo(Cause.SECRET_IN_OTHER_NAMESPACE);
      assertThat(diagnosis.images().get(0).evidence())
          .contains(
              "Secret regcred is not in namespace diag-other; namespaces [diag-shared] have one");
    }
  }

  @Test
  void theAuthsKeyDoesNotMatchTheImagesRegistry(KubernetesServer server) {
    try (KubernetesClient client = prepared(server)) {
      keyForAnotherPort(client, "diag-keys");

      Diagnosis diagnosis = diagnose(client, "diag-keys", "web");

      assertThat(diagnosis.verdict()).isEqualTo(Cause.NO_MATCHING_KEY);
      assertThat(diagnosis.images().get(0).evidence().get(0)).contains("the port differs");
    }
  }

  @Test
  void aCustomAccountLacksTheSecretThatDefaultHas(KubernetesServer server) {
    try (KubernetesClient client = prepared(server)) {
      namespace(client, "diag-custom");
      pullSecret(client, "diag-custom", "regcred", "registry.diag.test", Map.of());
      account(client, "diag-custom", "default", "regcred");
      account(client, "diag-custom", "builder");
      pod(client, "diag-custom", "builder", "registry.diag.test/team/app:1", spec -> {});

      Diagnosis diagnosis = diagnose(client, "diag-custom", "web");

      assertThat(diagnosis.verdict()).isEqualTo(Cause.CUSTOM_ACCOUNT_LACKS_SECRET);
      assertThat(diagnosis.fixes().get(0)).startsWith("kubectl patch serviceaccount builder");
    }
  }

  @Test
  void anExpiredTokenOfAManagedSecret(KubernetesServer server) {
    try (KubernetesClient client = prepared(server)) {
      namespace(client, "diag-expired");
      pullSecret(
          client,
          "diag-expired",
          "ecr-pull",
          "registry.diag.test",
          Map.of(ManagedSecret.SYNC_LABEL, "diag-ecr"));
      account(client, "diag-expired", "default", "ecr-pull");
      pod(client, "diag-expired", "default", "registry.diag.test/team/app:1", spec -> {});
      TestCluster cluster = new TestCluster(client);
      cluster.sync("diag-ecr", "ecr-source", "ecr-cred", "registry.diag.test", "diag", s -> {});
      PullSecretSync sync = cluster.getSync("diag-ecr");
      PullSecretSyncStatus status = new PullSecretSyncStatus();
      status.setExpiresAt(Instant.now().minusSeconds(600).toString());
      sync.setStatus(status);
      client.resource(sync).updateStatus();

      Diagnosis diagnosis = diagnose(client, "diag-expired", "web");

      assertThat(diagnosis.verdict()).isEqualTo(Cause.TOKEN_EXPIRED);
      assertThat(diagnosis.fixes().get(0)).startsWith("kubectl describe pullsecretsync diag-ecr");
    }
  }

  @Test
  void wrongCredentialsFromThePodsPullEvents(KubernetesServer server) {
    try (KubernetesClient client = prepared(server)) {
      healthy(client, "diag-wrong");
      Pod pod = client.pods().inNamespace("diag-wrong").withName("web").get();
      String image = "registry.diag.test/team/app:1";
      kubeletEvent(
          client,
          pod,
          "Failed",
          "Failed to pull image \""
              + image
              + "\": failed to pull and unpack image \""
              + image
              + "\": failed to resolve reference \""
              + image
              + "\": failed to authorize: failed to fetch oauth token: unexpected status from GET"
              + " request to https://registry.diag.test/token?scope=repository%3Ateam%2Fapp%3Apull:"
              + " 401 Unauthorized");
      kubeletEvent(client, pod, "Failed", "Error: ErrImagePull");
      kubeletEvent(client, pod, "BackOff", "Back-off pulling image \"" + image + "\"");

      Diagnosis diagnosis = diagnose(client, "diag-wrong", "web");

      assertThat(diagnosis.verdict()).isEqualTo(Cause.WRONG_CREDENTIALS);
      assertThat(diagnosis.images().get(0).evidence())
          .anyMatch(e -> e.startsWith("Event Failed: Failed to pull image") && e.contains("401"));
    }
  }

  static KubernetesClient prepared(KubernetesServer server) {
    KubernetesClient client = server.newClient();
    RunningAgent.prepare(client);
    return client;
  }

  /** A pod whose ServiceAccount (default) has a Secret whose key matches its image. */
  static void healthy(KubernetesClient client, String namespace) {
    namespace(client, namespace);
    pullSecret(client, namespace, "regcred", "registry.diag.test", Map.of());
    account(client, namespace, "default", "regcred");
    pod(client, namespace, "default", "registry.diag.test/team/app:1", spec -> {});
  }

  /** A pod whose Secret's only key is for another port of its registry. */
  static void keyForAnotherPort(KubernetesClient client, String namespace) {
    namespace(client, namespace);
    pullSecret(client, namespace, "regcred", "registry.diag.test:5000", Map.of());
    pod(
        client,
        namespace,
        "default",
        "registry.diag.test/team/app:1",
        spec -> spec.withImagePullSecrets(new LocalObjectReference("regcred")));
  }

  private static Diagnosis diagnose(KubernetesClient client, String namespace, String name) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    Diagnosis diagnosis =
        new Diagnoser(
                new KubernetesClusterView(client),
                Clock.systemUTC(),
                RegistryLoginCheck.NOT_CHECKED)
            .diagnose(Subjects.ofPod(namespace, Optional.of(name), pod.getSpec(), true));
    for (String report :
        List.of(DiagnosisReport.text(diagnosis), DiagnosisReport.json(diagnosis))) {
      assertThat(report.contains(PASSWORD) || report.contains(AUTH))
          .as("a credential appears in the report")
          .isFalse();
    }
    return diagnosis;
  }

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
      Consumer<io.fabric8.kubernetes.api.model.PodSpecFluent<?>> customise) {
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
  private static void kubeletEvent(
      KubernetesClient client, Pod pod, String reason, String message) {
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
