package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code diagnose} against the real API server, each row of the troubleshooting table set up as the
 * objects a cluster would hold ({@link PullScene}): Secrets, ServiceAccounts, pods with the pull
 * Secrets ServiceAccount admission gives them (copied by the test: kube-api-test's API server runs
 * with that plugin disabled), a PullSecretSync with its status, and pull Events written as the
 * kubelet writes them (a real node's pull is not part of this test) — and a healthy pod. No agent
 * runs, so the sync's status is the test's own. The launched distribution's run is {@link
 * DiagnoseLaunchIT}.
 */
@ExtendWith(OwnApiServer.class)
class DiagnoseIT {

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
      PullScene.namespace(client, "diag-none");
      PullScene.account(client, "diag-none", "default");
      PullScene.pod(client, "diag-none", "default", "registry.diag.test/team/app:1", spec -> {});

      assertThat(diagnose(client, "diag-none", "web").verdict()).isEqualTo(Cause.NO_PULL_SECRETS);
    }
  }

  @Test
  void theSecretIsInAnotherNamespace(KubernetesServer server) {
    try (KubernetesClient client = prepared(server)) {
      PullScene.namespace(client, "diag-shared");
      PullScene.pullSecret(client, "diag-shared", "regcred", "registry.diag.test", Map.of());
      PullScene.namespace(client, "diag-other");
      PullScene.account(client, "diag-other", "default", "regcred");
      PullScene.pod(client, "diag-other", "default", "registry.diag.test/team/app:1", spec -> {});

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
      PullScene.namespace(client, "diag-custom");
      PullScene.pullSecret(client, "diag-custom", "regcred", "registry.diag.test", Map.of());
      PullScene.account(client, "diag-custom", "default", "regcred");
      PullScene.account(client, "diag-custom", "builder");
      PullScene.pod(client, "diag-custom", "builder", "registry.diag.test/team/app:1", spec -> {});

      Diagnosis diagnosis = diagnose(client, "diag-custom", "web");

      assertThat(diagnosis.verdict()).isEqualTo(Cause.CUSTOM_ACCOUNT_LACKS_SECRET);
      assertThat(diagnosis.fixes().get(0)).startsWith("kubectl patch serviceaccount builder");
    }
  }

  @Test
  void anExpiredTokenOfAManagedSecret(KubernetesServer server) {
    try (KubernetesClient client = prepared(server)) {
      PullScene.namespace(client, "diag-expired");
      PullScene.pullSecret(
          client,
          "diag-expired",
          "ecr-pull",
          "registry.diag.test",
          Map.of(ManagedSecret.SYNC_LABEL, "diag-ecr"));
      PullScene.account(client, "diag-expired", "default", "ecr-pull");
      PullScene.pod(client, "diag-expired", "default", "registry.diag.test/team/app:1", spec -> {});
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
      PullScene.kubeletEvent(
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
      PullScene.kubeletEvent(client, pod, "Failed", "Error: ErrImagePull");
      PullScene.kubeletEvent(client, pod, "BackOff", "Back-off pulling image \"" + image + "\"");

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
    PullScene.namespace(client, namespace);
    PullScene.pullSecret(client, namespace, "regcred", "registry.diag.test", Map.of());
    PullScene.account(client, namespace, "default", "regcred");
    PullScene.pod(client, namespace, "default", "registry.diag.test/team/app:1", spec -> {});
  }

  /** A pod whose Secret's only key is for another port of its registry. */
  static void keyForAnotherPort(KubernetesClient client, String namespace) {
    PullScene.namespace(client, namespace);
    PullScene.pullSecret(client, namespace, "regcred", "registry.diag.test:5000", Map.of());
    PullScene.pod(
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
      assertThat(report.contains(PullScene.PASSWORD) || report.contains(PullScene.AUTH))
          .as("a credential appears in the report")
          .isFalse();
    }
    return diagnosis;
  }
}
