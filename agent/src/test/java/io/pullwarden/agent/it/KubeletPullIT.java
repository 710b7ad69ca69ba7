package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.NodePods;
import io.pullwarden.testenv.RealNode;
import io.pullwarden.testenv.RealNodeExtension;
import io.pullwarden.testenv.VaultExtension;
import io.pullwarden.testenv.VaultServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Pullwarden is for, end to end on a real kubelet: the agent, launched from the distribution
 * with nothing but a token of the chart's ServiceAccount (the chart's RBAC and admission policies
 * applied), copies a registry login from OpenBao KV into a selected namespace and attaches it to
 * the namespace's {@code default} ServiceAccount. A pod there that names no pull Secret of its own
 * pulls a private image ({@code imagePullPolicy: Always}, so the kubelet authenticates every time)
 * and runs; the same pod in a namespace the sync does not select gets the registry's 401. After the
 * password is rotated in the registry and in OpenBao, a new pod pulls with the new one, a pod stuck
 * on the old one recovers by itself, and the pod that was already running is left alone.
 */
@ExtendWith({RealNodeExtension.class, VaultExtension.class})
class KubeletPullIT {

  private static final String SOURCE = "node-kv";
  private static final String SELECTED = "pull-selected";
  private static final String UNSELECTED = "pull-unselected";
  private static final String KV_PATH = "kubelet-it/registry";
  private static final Duration PULL = Duration.ofMinutes(1);

  /** A pod in image-pull back-off retries after 10 s, then 20 s: two steps and some slack. */
  private static final Duration BACK_OFF_RECOVERY = Duration.ofSeconds(60);

  private KubernetesClient admin;
  private TestCluster cluster;
  private Process agent;
  private final String user = "kubelet-it";
  private final String passwordBefore = UUID.randomUUID().toString();
  private final String passwordAfter = UUID.randomUUID().toString();

  @BeforeEach
  void start(RealNode node, VaultServer vault, @TempDir Path work) throws Exception {
    admin = node.apiServer().newClient();
    cluster = new TestCluster(admin);
    RunningAgent.prepare(admin);
    ChartServiceAccount account = ChartServiceAccount.install(node.apiServer(), admin);
    node.privateRegistry().addUser(user, passwordBefore);
    vault
        .api()
        .write(kvData(), Map.of("data", Map.of("username", user, "password", passwordBefore)));
    cluster.storeToken("openbao-token", SOURCE, vault.rootToken());
    cluster.namespace(SELECTED, Map.of("kubelet", "true"));
    cluster.namespace(UNSELECTED, Map.of());
    cluster.vaultSource(
        SOURCE,
        vault.address().toString(),
        TestCluster.tokenLogin("openbao-token"),
        TestCluster.allowedTo("kubelet"),
        spec -> {});
    cluster.sync(
        "kubelet",
        SOURCE,
        "unused",
        node.privateRegistry().host(),
        "kubelet",
        spec -> {
          spec.getRegistries().get(0).setRef(Map.of("kv", Map.of("path", KV_PATH)));
          spec.setServiceAccounts(List.of("default"));
        });
    agent = account.launch(work);
  }

  @AfterEach
  void stop() throws Exception {
    agent.destroy();
    agent.waitFor(20, TimeUnit.SECONDS);
    admin.pods().inNamespace(SELECTED).delete();
    admin.pods().inNamespace(UNSELECTED).delete();
    admin.close();
  }

  @Test
  void podsPullWithTheAttachedSecretBeforeAndAfterARotationWithoutRestarts(
      RealNode node, VaultServer vault) {
    String image = node.privateImage();
    awaitAttached();

    admin.resource(pod(SELECTED, "running", image)).create();
    admin.resource(pod(UNSELECTED, "control", image)).create();

    assertThat(NodePods.awaitPullOutcome(admin, SELECTED, "running", PULL))
        .as("a pod with no pull Secret of its own, in the selected namespace")
        .isEqualTo("Running");
    assertThat(
            admin
                .pods()
                .inNamespace(SELECTED)
                .withName("running")
                .get()
                .getSpec()
                .getImagePullSecrets())
        .as("pull Secrets admission copied from the ServiceAccount")
        .extracting(LocalObjectReference::getName)
        .containsExactly("kubelet-pull");
    assertThat(NodePods.awaitPullOutcome(admin, UNSELECTED, "control", PULL))
        .as("the same pod in a namespace the sync does not select")
        .isIn(NodePods.PULL_FAILED);
    assertThat(NodePods.events(admin, UNSELECTED, "control")).contains("401 Unauthorized");
    ContainerStatus before = NodePods.container(admin, SELECTED, "running").orElseThrow();

    // The registry's password changes first; a pod started now fails with the old one.
    node.privateRegistry().changePassword(user, passwordAfter);
    admin.resource(pod(SELECTED, "stuck", image)).create();
    assertThat(NodePods.awaitPullOutcome(admin, SELECTED, "stuck", PULL))
        .isIn(NodePods.PULL_FAILED);

    // Then the store: the agent rolls the new password out, and pulls work again.
    vault
        .api()
        .write(kvData(), Map.of("data", Map.of("username", user, "password", passwordAfter)));
    await()
        .atMost(TestCluster.PATIENCE)
        .until(
            () ->
                cluster
                    .writtenPassword(SELECTED, "kubelet-pull", node.privateRegistry().host())
                    .equals(Optional.of(passwordAfter)));
    admin.resource(pod(SELECTED, "after", image)).create();
    assertThat(NodePods.awaitPullOutcome(admin, SELECTED, "after", PULL)).isEqualTo("Running");
    // the pod stuck on the old password, with nobody touching it
    NodePods.awaitRunning(admin, SELECTED, "stuck", BACK_OFF_RECOVERY);

    // The image is on the node now. With KubeletEnsureSecretPulledImages on, the kubelet checks a
    // pod's credentials even for IfNotPresent: the rotated Secret passes, no Secret does not.
    admin
        .resource(NodePods.pod(SELECTED, "cached", image, "IfNotPresent", "default", List.of()))
        .create();
    admin
        .resource(NodePods.pod(UNSELECTED, "cached", image, "IfNotPresent", "default", List.of()))
        .create();
    assertThat(NodePods.awaitPullOutcome(admin, SELECTED, "cached", PULL))
        .as("IfNotPresent, image on the node, the rotated Secret attached")
        .isEqualTo("Running");
    assertThat(NodePods.awaitPullOutcome(admin, UNSELECTED, "cached", PULL))
        .as("IfNotPresent, image on the node, no Secret")
        .isIn(NodePods.PULL_FAILED);

    ContainerStatus after = NodePods.container(admin, SELECTED, "running").orElseThrow();
    assertThat(after.getContainerID())
        .as("the running pod's container")
        .isEqualTo(before.getContainerID());
    assertThat(after.getRestartCount()).as("restarts of the running pod").isZero();
  }

  private void awaitAttached() {
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        admin
                            .serviceAccounts()
                            .inNamespace(SELECTED)
                            .withName("default")
                            .get()
                            .getImagePullSecrets())
                    .extracting(LocalObjectReference::getName)
                    .contains("kubelet-pull"));
    assertThat(admin.secrets().inNamespace(UNSELECTED).withName("kubelet-pull").get()).isNull();
  }

  private static Pod pod(String namespace, String name, String image) {
    return NodePods.pod(namespace, name, image, "Always", "default", List.of());
  }

  private static String kvData() {
    return "secret/data/" + KV_PATH;
  }
}
