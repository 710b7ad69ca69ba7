package io.pullwarden.image;

import static io.pullwarden.image.ClusterView.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.diagnose.Cause;
import io.pullwarden.agent.diagnose.Diagnosis;
import io.pullwarden.testenv.ChartRelease;
import io.pullwarden.testenv.NodePods;
import io.pullwarden.testenv.PrometheusExtension;
import io.pullwarden.testenv.PrometheusServer;
import io.pullwarden.testenv.RealNode;
import io.pullwarden.testenv.RealNodeExtension;
import io.pullwarden.testenv.VaultExtension;
import io.pullwarden.testenv.VaultServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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

/**
 * Pullwarden as a platform engineer runs it: the image this build produced, in a private registry,
 * installed with {@code helm install} of the chart (two replicas, the chart's RBAC, admission
 * policies and probes) on a real node, reading a registry login from OpenBao KV; pods pull with the
 * Secrets it writes. The tests run in order, as one installation's life: it leads and is scraped; a
 * pod pulls with the Secret it wrote and an outsider gets 401; the leader pod is deleted while the
 * password rotates; every spelling of the registry is matched by the kubelet; it is upgraded and
 * uninstalled as the README says ({@link ChartLifecycle}), and {@code helm test} passes only while
 * a replica is ready.
 */
@ExtendWith({RealNodeExtension.class, VaultExtension.class, PrometheusExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstallIT {

  private static final Path CHART = Path.of(System.getProperty("pullwarden.chart.dir"));
  private static final Duration LEASE = Duration.ofSeconds(10);
  private static final String SOURCE = "team-kv";
  private static final String SECRET = "team-pull";
  private static final String KV = "secret/data/helm-it/registry";
  private static final List<String> TEAMS = List.of("team-a", "team-b");
  private static final String OUTSIDER = "outsider";

  /** The namespaces the CredentialSource may serve: the teams' and the spelling table's. */
  private static final String STORE_ACCESS = "{store-access: \"true\"}";

  private static final String TEAM_LABELS = "{team-images: \"true\", store-access: \"true\"}";

  /**
   * A pod in image-pull back-off retries after 10 s, 20 s, 40 s, 80 s…: the stuck pod may have
   * failed for a minute before the Secret changes, so its next retry can be 80 s away.
   */
  private static final Duration BACK_OFF_RECOVERY = Duration.ofMinutes(3);

  private final String user = "team-robot";
  private String password = UUID.randomUUID().toString();
  private RealNode node;
  private KubernetesClient admin;
  private ClusterView cluster;
  private ChartRelease chart;

  @BeforeAll
  void install(RealNode node, VaultServer vault) {
    this.node = node;
    admin = node.apiServer().newClient();
    cluster = new ClusterView(node, admin);
    chart =
        ChartRelease.install(
            node,
            CHART,
            Path.of(System.getProperty("pullwarden.image.tar")),
            System.getProperty("pullwarden.version"),
            List.of("agent.leaderElection.leaseDuration=" + LEASE.toSeconds() + "s"));
    node.privateRegistry().addUser(user, password);
    vault.api().write(KV, Map.of("data", Map.of("username", user, "password", password)));
    cluster.vaultSource(
        SOURCE,
        "http://" + node.exposeToPods(vault.address().getPort()),
        vault.rootToken(),
        STORE_ACCESS);
    cluster.kvSync(
        "team", SECRET, node.privateRegistry().host(), SOURCE, "{team-images: \"true\"}");
    TEAMS.forEach(team -> cluster.namespace(team, TEAM_LABELS));
    cluster.namespace(OUTSIDER, "{}");
  }

  @AfterAll
  void close() {
    admin.close();
  }

  @Test
  @Order(1)
  void oneReplicaLeadsForThreeLeaseDurationsBothAreReadyAndPrometheusScrapesThem(
      PrometheusServer prometheus) {
    String leader = cluster.awaitLeader();
    await()
        .during(LEASE.multipliedBy(3))
        .atMost(LEASE.multipliedBy(3).plusSeconds(5))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(cluster.leader()).as("the Lease's holder").contains(leader);
              assertThat(cluster.agentPods())
                  .as("agent pods")
                  .hasSize(2)
                  .allSatisfy(pod -> assertThat(ClusterView.ready(pod)).as("ready").isTrue())
                  .allSatisfy(pod -> assertThat(ClusterView.restarts(pod)).as("restarts").isZero());
            });
    cluster
        .agentPods()
        .forEach(
            pod -> prometheus.addScrapeTarget("pullwarden", pod.getStatus().getPodIP() + ":8080"));
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
    TEAMS.forEach(team -> cluster.awaitAttached(team, SECRET));
    cluster.createPod("team-a", "app", "Always");
    cluster.createPod(OUTSIDER, "app", "Always");

    cluster.assertPull("team-a", "app").isEqualTo("Running");
    cluster.assertPull(OUTSIDER, "app").isIn(NodePods.PULL_FAILED);
    assertThat(cluster.refused(OUTSIDER, "app")).as("the registry's 401").isTrue();
    // What `kubectl pullwarden diagnose` tells each pod's owner.
    assertThat(cluster.diagnose("team-a", "app", password).verdict()).isEqualTo(Cause.NONE);
    assertThat(cluster.diagnose(OUTSIDER, "app", password).verdict())
        .isEqualTo(Cause.NO_PULL_SECRETS);
  }

  /**
   * The leader pod is deleted without a grace period (as a node loss would end it: the Lease is not
   * released), and the password rotates in the store right after, before the standby can lead: the
   * Lease runs out first. The standby's first pass then carries the rotation everywhere.
   */
  @Test
  @Order(3)
  void aRotationMadeWhileTheLeaderPodIsDeletedReachesEveryPodThatNeedsIt(VaultServer vault) {
    ContainerStatus running = cluster.container("team-a", "app");
    String previous = password;
    password = UUID.randomUUID().toString();
    node.privateRegistry().changePassword(user, password);
    cluster.createPod("team-b", "stuck", "Always");
    // A new pod while the Secret holds the old password.
    cluster.assertPull("team-b", "stuck").isIn(NodePods.PULL_FAILED);
    Diagnosis stuck = cluster.diagnose("team-b", "stuck", previous);
    assertThat(stuck.verdict()).as("diagnose of the stuck pod").isEqualTo(Cause.WRONG_CREDENTIALS);
    assertThat(stuck.images().get(0).login().orElseThrow().detail()).contains("HTTP 401");
    String leader = cluster.awaitLeader();

    admin.pods().inNamespace(ChartRelease.NAMESPACE).withName(leader).withGracePeriod(0).delete();
    vault.api().write(KV, Map.of("data", Map.of("username", user, "password", password)));
    Instant rotated = Instant.now();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(cluster.leader()).isPresent().isNotEqualTo(Optional.of(leader)));
    assertThat(cluster.leaseAcquired()).as("when the new leader took the Lease").isAfter(rotated);
    for (String team : TEAMS) {
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(cluster.writtenPassword(team, SECRET).equals(password))
                      .withFailMessage(
                          "%s/%s holds another password than the rotated one", team, SECRET)
                      .isTrue());
      cluster.createPod(team, "after-rotation", "Always");
      cluster.assertPull(team, "after-rotation").isEqualTo("Running");
    }
    // The pod stuck on the old password recovers by itself, on a later back-off retry.
    NodePods.awaitRunning(admin, "team-b", "stuck", BACK_OFF_RECOVERY);
    // The image is on the node now. The node runs the kubelet's KubeletEnsureSecretPulledImages,
    // so even IfNotPresent pods prove their credentials: the rotated Secret does (the kubelet
    // recorded it when the pods above pulled with it, and says so), none does not.
    cluster.createPod("team-a", "cached", "IfNotPresent");
    cluster.createPod(OUTSIDER, "cached", "IfNotPresent");
    cluster.assertPull("team-a", "cached").isEqualTo("Running");
    assertThat(NodePods.events(admin, "team-a", "cached"))
        .as("without the gate the kubelet only says the image is present")
        .contains("already present on machine and can be accessed by the pod");
    cluster.assertPull(OUTSIDER, "cached").isIn(NodePods.PULL_FAILED);

    ContainerStatus still = cluster.container("team-a", "app");
    assertThat(still.getContainerID())
        .as("the running pod's container")
        .isEqualTo(running.getContainerID());
    assertThat(still.getRestartCount()).as("its restarts").isZero();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.agentPods())
                    .as("the Deployment's replacement is up")
                    .hasSize(2)
                    .allSatisfy(pod -> assertThat(ClusterView.ready(pod)).isTrue()));
  }

  /**
   * Every way of writing the registry that Pullwarden accepts and promises to match is matched by
   * the real kubelet: one sync per spelling, each into its own namespace. Spellings that name
   * something else (another host name for the same address, another repository) get the 401, so the
   * table cannot pass by matching everything. Not in it: {@code *} globs (the registry's only name
   * is an IPv4 address, where Pullwarden refuses a glob) and Docker Hub's spellings (they need
   * Docker Hub); {@code RegistryServerTest} covers how both are accepted and normalised.
   */
  @Test
  @Order(4)
  void theKubeletMatchesEverySpellingOfTheServerThatPullwardenAccepts() {
    String host = node.privateRegistry().host();
    String port = host.substring(host.indexOf(':') + 1);
    Map<String, String> expected = new LinkedHashMap<>();
    for (String matches :
        List.of(
            host,
            "http://" + host,
            "https://" + host,
            "https://" + host + "/v2/",
            "http://" + host + "/v1/",
            host + "/",
            host + "/team",
            host + "/team/app")) {
      expected.put(matches, "Running");
    }
    expected.put("localhost:" + port, "refused (401)");
    expected.put(host + "/other", "refused (401)");
    List<String> spellings = List.copyOf(expected.keySet());
    for (int i = 0; i < spellings.size(); i++) {
      String labels = "{store-access: \"true\", spelling: \"%d\"}".formatted(i);
      cluster.namespace("spelling-" + i, labels);
      cluster.kvSync(
          "spelling-" + i,
          "spelling-pull",
          spellings.get(i),
          SOURCE,
          "{spelling: \"%d\"}".formatted(i));
    }
    for (int i = 0; i < spellings.size(); i++) {
      String namespace = "spelling-" + i;
      cluster.awaitAttached(namespace, "spelling-pull");
      // The Secret (one auths key, the spelling as written) must hold the password the registry
      // takes now (the last test rotated it), so a 401 can only mean the kubelet did not match.
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          cluster.passwordUnder(namespace, "spelling-pull", null).equals(password))
                      .as("%s/spelling-pull holds the current password", namespace)
                      .isTrue());
      cluster.createPod(namespace, "app", "Always");
    }
    Map<String, String> outcomes = new LinkedHashMap<>();
    for (int i = 0; i < spellings.size(); i++) {
      String outcome = cluster.pullOutcome("spelling-" + i, "app");
      if (!outcome.equals("Running") && cluster.refused("spelling-" + i, "app")) {
        outcome = "refused (401)";
      }
      outcomes.put(spellings.get(i), outcome);
    }

    assertThat(outcomes).as("what the kubelet did with each spelling").isEqualTo(expected);
  }

  /**
   * {@code helm test}, as the chart's notes give it: its pod (the agent's image, pulled with the
   * release's pull Secret) asks each replica for /readyz at its pod address and passes; with no
   * replica left it fails and its pod stays, with logs that say why; with the replicas back it
   * passes again (the failed pod is replaced).
   */
  @Test
  @Order(5)
  void helmTestPassesWhenEveryReplicaIsReadyAndFailsWithoutAReadyOne() {
    ChartRelease.TestRun passed = chart.test();
    assertThat(passed.passed()).withFailMessage("helm test failed:%n%s", passed.output()).isTrue();
    assertThat(passed.output()).contains("pullwarden-test").contains("Succeeded");

    chart.kubectl(
        "scale",
        "deployment/" + ChartRelease.RELEASE,
        "--replicas=0",
        "-n",
        ChartRelease.NAMESPACE);
    cluster.awaitNoAgentPods();
    ChartRelease.TestRun failed = chart.test();
    assertThat(failed.passed()).withFailMessage("helm test passed without agent pods").isFalse();
    assertThat(failed.output())
        .contains("no pod in namespace " + ChartRelease.NAMESPACE + " matches");

    chart.kubectl(
        "scale",
        "deployment/" + ChartRelease.RELEASE,
        "--replicas=2",
        "-n",
        ChartRelease.NAMESPACE);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.agentPods())
                    .as("agent pods after scaling back")
                    .hasSize(2)
                    .allSatisfy(pod -> assertThat(ClusterView.ready(pod)).isTrue()));
    ChartRelease.TestRun again = chart.test();
    assertThat(again.passed()).withFailMessage("helm test failed:%n%s", again.output()).isTrue();
  }

  @Test
  @Order(6)
  void upgradeAndUninstall() throws Exception {
    ChartLifecycle lifecycle = new ChartLifecycle(chart, CHART, cluster, admin);
    lifecycle.upgradeUpdatesTheCrds();
    lifecycle.uninstallAsDocumentedLeavesNothingHanging(SECRET, TEAMS, SOURCE);
  }
}
