package io.pullwarden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.testenv.NodePods;
import io.pullwarden.testenv.PrometheusExtension;
import io.pullwarden.testenv.PrometheusServer;
import io.pullwarden.testenv.RealNode;
import io.pullwarden.testenv.RealNodeExtension;
import io.pullwarden.testenv.VaultExtension;
import io.pullwarden.testenv.VaultServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pullwarden as a platform engineer runs it: the image this build produced, in a private registry,
 * installed with {@code helm install} of the chart (two replicas, the chart's RBAC, admission
 * policies and probes) on a real node, reading a registry login from OpenBao KV. The tests run in
 * order, as one installation's life: it leads and is scraped; a pod pulls with the Secret it wrote;
 * the leader pod is deleted while the password rotates; and it is uninstalled as the docs say.
 */
@ExtendWith({RealNodeExtension.class, VaultExtension.class, PrometheusExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstallIT {

  private static final Duration LEASE = Duration.ofSeconds(6);
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final String SOURCE = "team-kv";
  private static final String SECRET = "team-pull";
  private static final String KV = "secret/data/helm-it/registry";
  private static final List<String> TEAMS = List.of("team-a", "team-b");
  private static final String OUTSIDER = "outsider";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String user = "team-robot";
  private String password = UUID.randomUUID().toString();
  private KubernetesClient admin;
  private InstalledChart chart;
  private RealNode node;

  @BeforeAll
  void install(RealNode node, VaultServer vault) {
    this.node = node;
    admin = node.apiServer().newClient();
    chart =
        InstalledChart.install(
            node, admin, List.of("agent.leaderElection.leaseDuration=" + LEASE.toSeconds() + "s"));
    node.privateRegistry().addUser(user, password);
    vault.api().write(KV, Map.of("data", Map.of("username", user, "password", password)));
    String store = "http://" + node.exposeToPods(vault.address().getPort());
    apply(
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: openbao-token
          namespace: %s
          annotations: {pullwarden.io/credential-sources: %s}
        stringData: {token: %s}
        ---
        apiVersion: pullwarden.io/v1alpha1
        kind: CredentialSource
        metadata: {name: %s}
        spec:
          type: vault
          targetNamespaces: {selector: {matchLabels: {team-images: "true"}}}
          config:
            address: %s
            auth: {token: {secretRef: {name: openbao-token, key: token}}}
        ---
        apiVersion: pullwarden.io/v1alpha1
        kind: PullSecretSync
        metadata: {name: team}
        spec:
          secretName: %s
          registries:
          - server: %s
            sourceRef: %s
            ref: {kv: {path: helm-it/registry}}
          namespaces: {selector: {matchLabels: {team-images: "true"}}}
          serviceAccounts: [default]
          refreshInterval: 2s
        """
            .formatted(
                InstalledChart.NAMESPACE,
                SOURCE,
                vault.rootToken(),
                SOURCE,
                store,
                SECRET,
                node.privateRegistry().host(),
                SOURCE));
    for (String team : TEAMS) {
      apply(
          "apiVersion: v1\nkind: Namespace\nmetadata: {name: %s, labels: {team-images: \"true\"}}"
              .formatted(team));
    }
    apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: %s}".formatted(OUTSIDER));
  }

  @AfterAll
  void close() {
    admin.close();
  }

  @Test
  @Order(1)
  void oneReplicaLeadsForThreeLeaseDurationsBothAreReadyAndPrometheusScrapesThem(
      PrometheusServer prometheus) {
    String leader = awaitLeader();
    await()
        .during(LEASE.multipliedBy(3))
        .atMost(LEASE.multipliedBy(3).plusSeconds(5))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(holder()).as("the Lease's holder").contains(leader);
              assertThat(agentPods())
                  .as("agent pods")
                  .hasSize(2)
                  .allSatisfy(pod -> assertThat(ready(pod)).as(name(pod) + " ready").isTrue())
                  .allSatisfy(
                      pod -> assertThat(restarts(pod)).as(name(pod) + " restarts").isZero());
            });
    for (Pod pod : agentPods()) {
      prometheus.addScrapeTarget("pullwarden", pod.getStatus().getPodIP() + ":8080");
    }
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(prometheus.query("up{job=\"pullwarden\"} == 1"))
                    .as("replicas Prometheus scraped")
                    .hasSize(2));
    assertThat(prometheus.query("pullwarden_leader{job=\"pullwarden\"}"))
        .as("pullwarden_leader of each replica, as Prometheus scraped it")
        .extracting(PrometheusServer.Sample::value)
        .containsExactlyInAnyOrder(1.0, 0.0);
  }

  @Test
  @Order(2)
  void aPodInASelectedNamespacePullsWithTheAttachedSecretAndAnOutsiderGets401() {
    TEAMS.forEach(this::awaitAttached);
    admin.resource(pod("team-a", "app")).create();
    admin.resource(pod(OUTSIDER, "app")).create();

    assertThat(NodePods.awaitPullOutcome(admin, "team-a", "app", PATIENCE)).isEqualTo("Running");
    assertThat(NodePods.awaitPullOutcome(admin, OUTSIDER, "app", PATIENCE))
        .isIn(NodePods.PULL_FAILED);
    assertThat(NodePods.events(admin, OUTSIDER, "app")).contains("401 Unauthorized");
  }

  @Test
  @Order(3)
  void aRotationMadeWhileTheLeaderPodIsDeletedReachesEveryNamespace(VaultServer vault) {
    ContainerStatus running = NodePods.container(admin, "team-a", "app").orElseThrow();
    String leader = awaitLeader();

    admin.pods().inNamespace(InstalledChart.NAMESPACE).withName(leader).delete();
    password = UUID.randomUUID().toString();
    node.privateRegistry().changePassword(user, password);
    vault.api().write(KV, Map.of("data", Map.of("username", user, "password", password)));

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(holder()).isPresent().isNotEqualTo(Optional.of(leader)));
    for (String team : TEAMS) {
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> assertThat(writtenPassword(team)).as(team).isEqualTo(password));
      admin.resource(pod(team, "after-rotation")).create();
      assertThat(NodePods.awaitPullOutcome(admin, team, "after-rotation", PATIENCE))
          .as("a new pod in %s after the rotation", team)
          .isEqualTo("Running");
    }
    ContainerStatus still = NodePods.container(admin, "team-a", "app").orElseThrow();
    assertThat(still.getContainerID()).isEqualTo(running.getContainerID());
    assertThat(still.getRestartCount()).isZero();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(agentPods())
                    .as("the Deployment's replacement is up")
                    .hasSize(2)
                    .allSatisfy(pod -> assertThat(ready(pod)).isTrue()));
  }

  @Test
  @Order(4)
  void helmUpgradeLeavesTheCrdsAsTheyWereUntilTheyAreAppliedAsTheNotesSay(@TempDir Path work)
      throws Exception {
    Path next = work.resolve("pullwarden");
    copyTree(InstalledChart.chartDirectory(), next);
    Path crd = next.resolve("crds/pullsecretsyncs.pullwarden.io-v1.yml");
    Files.writeString(
        crd, Files.readString(crd).replace("- \"pwsync\"", "- \"pwsync\"\n    - \"pwsyncnext\""));

    chart.upgrade(next);
    assertThat(shortNames()).as("after helm upgrade").doesNotContain("pwsyncnext");
    assertThat(agentPods()).hasSize(2).allSatisfy(pod -> assertThat(ready(pod)).isTrue());

    chart.kubectl(
        "apply", "--server-side", "--force-conflicts", "-f", next.resolve("crds").toString());
    assertThat(shortNames()).as("after kubectl apply of the chart's crds/").contains("pwsyncnext");
  }

  @Test
  @Order(5)
  void uninstallingAsTheReadmeSaysLeavesNothingHangingAndAFinalizerLeftBehindCanBeRemoved() {
    // Step 1: delete the syncs while the agent still runs; it removes what it wrote.
    admin.resources(PullSecretSync.class).withName("team").delete();
    await()
        .atMost(PATIENCE)
        .until(() -> admin.resources(PullSecretSync.class).withName("team").get() == null);
    for (String team : TEAMS) {
      assertThat(admin.secrets().inNamespace(team).withName(SECRET).get()).as(team).isNull();
      assertThat(
              admin
                  .serviceAccounts()
                  .inNamespace(team)
                  .withName("default")
                  .get()
                  .getImagePullSecrets())
          .extracting(LocalObjectReference::getName)
          .doesNotContain(SECRET);
    }
    // A sync created later and missed by step 1 keeps its finalizer once the agent is gone.
    apply(
        """
        apiVersion: pullwarden.io/v1alpha1
        kind: PullSecretSync
        metadata: {name: missed}
        spec:
          secretName: missed-pull
          registries: [{server: registry.example.com, sourceRef: %s, ref: {kv: {path: helm-it/registry}}}]
          namespaces: {names: [team-a]}
        """
            .formatted(SOURCE));
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                !admin
                    .resources(PullSecretSync.class)
                    .withName("missed")
                    .get()
                    .getMetadata()
                    .getFinalizers()
                    .isEmpty());

    // Step 2: helm uninstall.
    chart.uninstall();
    assertThat(agentPods()).as("agent pods after helm uninstall").isEmpty();
    assertThat(
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("pullsecretsyncs.pullwarden.io")
                .get())
        .as("the CRDs stay, as Helm keeps crds/")
        .isNotNull();

    // The missed sync hangs in deletion until its finalizer is removed as the README says.
    admin.resources(PullSecretSync.class).withName("missed").delete();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> admin.resources(PullSecretSync.class).withName("missed").get() != null);
    chart.kubectl(
        "patch",
        "pullsecretsync",
        "missed",
        "--type=merge",
        "-p",
        "{\"metadata\":{\"finalizers\":null}}");
    await()
        .atMost(PATIENCE)
        .until(() -> admin.resources(PullSecretSync.class).withName("missed").get() == null);
    admin.resources(CredentialSource.class).withName(SOURCE).delete();
    await()
        .atMost(PATIENCE)
        .until(() -> admin.resources(CredentialSource.class).withName(SOURCE).get() == null);
  }

  private List<String> shortNames() {
    return admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("pullsecretsyncs.pullwarden.io")
        .get()
        .getSpec()
        .getNames()
        .getShortNames();
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  private void awaitAttached(String namespace) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        admin
                            .serviceAccounts()
                            .inNamespace(namespace)
                            .withName("default")
                            .get()
                            .getImagePullSecrets())
                    .as("pull Secrets of %s/default", namespace)
                    .extracting(LocalObjectReference::getName)
                    .contains(SECRET));
  }

  private String writtenPassword(String namespace) throws Exception {
    Secret secret = admin.secrets().inNamespace(namespace).withName(SECRET).get();
    JsonNode config =
        JSON.readTree(Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")));
    String auth = config.path("auths").path(node.privateRegistry().host()).path("auth").asText();
    String login = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
    return login.substring(login.indexOf(':') + 1);
  }

  private String awaitLeader() {
    await().atMost(PATIENCE).until(() -> holder().isPresent());
    return holder().orElseThrow();
  }

  private Optional<String> holder() {
    Lease lease =
        admin.leases().inNamespace(InstalledChart.NAMESPACE).withName(InstalledChart.RELEASE).get();
    return Optional.ofNullable(lease)
        .map(l -> l.getSpec().getHolderIdentity())
        .filter(h -> !h.isEmpty());
  }

  private List<Pod> agentPods() {
    return admin
        .pods()
        .inNamespace(InstalledChart.NAMESPACE)
        .withLabel("app.kubernetes.io/instance", InstalledChart.RELEASE)
        .list()
        .getItems()
        .stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static int restarts(Pod pod) {
    return pod.getStatus().getContainerStatuses().stream()
        .mapToInt(ContainerStatus::getRestartCount)
        .sum();
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }

  private Pod pod(String namespace, String name) {
    return NodePods.pod(namespace, name, node.privateImage(), "Always", "default", List.of());
  }

  private void apply(String yaml) {
    admin
        .load(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .serverSideApply();
  }
}
