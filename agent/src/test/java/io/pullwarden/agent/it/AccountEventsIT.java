package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.pullwarden.testenv.KubernetesServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A ServiceAccount's events wake only the syncs that select its namespace. Many syncs naming the
 * same account ({@code default}) is the normal case; the agent once mapped an account to every sync
 * naming it, in any namespace, so one new namespace ran every sync twice (its account created, then
 * updated by the attachment), and 500 such syncs over 3,600 namespaces filled its heap with that
 * mapping at start-up (docs/benchmarks.md, "Many syncs").
 *
 * <p>An agent of its own, so Java Operator SDK's count of passes is this test's alone.
 */
@ExtendWith(OwnApiServer.class)
class AccountEventsIT {

  private static final int TEAMS = 20;
  private static final String SERVER = "registry.wake.test";
  private static final Map<String, String> SYNC_PASSES = Map.of("kind", "PullSecretSync");
  private static final String PASSES = "operator_sdk_reconciliations_started_total";
  private static final Duration QUIET = RunningAgent.MAX_RETRY_DELAY.plusMillis(500);

  @Test
  void aNewNamespacesAccountWakesOnlyTheSyncThatSelectsIt(KubernetesServer server)
      throws Exception {
    try (RunningAgent agent = RunningAgent.start(server)) {
      TestCluster cluster = new TestCluster(agent.client());
      cluster.centralLogin("wake-source", "wake-cred", "robot", "pw");
      cluster.source("wake-source");
      List<String> teams = IntStream.range(0, TEAMS).mapToObj(i -> "wake-" + i).toList();
      for (String team : teams) {
        cluster.namespace(team, Map.of(team, "true"));
        defaultAccount(cluster, team);
        cluster.sync(
            team,
            "wake-source",
            "wake-cred",
            SERVER,
            team,
            spec -> {
              spec.setServiceAccounts(List.of("default"));
              spec.setRefreshInterval("1h");
            });
      }
      for (String team : teams) {
        awaitAttached(cluster, team, team + "-pull");
      }
      double before = quietPasses(agent);

      cluster.namespace("wake-0-new", Map.of("wake-0", "true"));
      defaultAccount(cluster, "wake-0-new");
      awaitAttached(cluster, "wake-0-new", "wake-0-pull");
      double after = quietPasses(agent);

      // wake-0 runs for the namespace and for its account's creation; the echoes of its own
      // Secret and attachment wake nothing, and each of the other 19 syncs naming "default"
      // would add one or two.
      assertThat(after - before)
          .as("sync passes started by one new namespace and its account, with %d syncs", TEAMS)
          .isLessThanOrEqualTo(2);
    }
  }

  @Test
  void aRotationStartsOnePassNotOnePerWrittenSecret(KubernetesServer server) throws Exception {
    try (RunningAgent agent = RunningAgent.start(server)) {
      TestCluster cluster = new TestCluster(agent.client());
      cluster.centralLogin("echo-source", "echo-cred", "robot", "first-password");
      cluster.source("echo-source");
      List<String> namespaces = IntStream.range(0, TEAMS).mapToObj(i -> "echo-" + i).toList();
      for (String namespace : namespaces) {
        cluster.namespace(namespace, Map.of("echo", "true"));
        defaultAccount(cluster, namespace);
      }
      cluster.sync(
          "echo",
          "echo-source",
          "echo-cred",
          SERVER,
          "echo",
          spec -> {
            spec.setServiceAccounts(List.of("default"));
            spec.setRefreshInterval("1h");
          });
      for (String namespace : namespaces) {
        awaitAttached(cluster, namespace, "echo-pull");
      }
      double before = quietPasses(agent);

      cluster.centralLogin("echo-source", "echo-cred", "robot", "second-password");
      await()
          .atMost(TestCluster.PATIENCE)
          .untilAsserted(
              () ->
                  cluster.assertWrittenEverywhere(
                      namespaces, "echo-pull", SERVER, "second-password"));
      double after = quietPasses(agent);

      // The credential's change starts one pass; the watch's echo of the 20 Secrets it wrote
      // (each a pass over every namespace before) starts none.
      assertThat(after - before)
          .as("sync passes started by one rotation over %d namespaces", TEAMS)
          .isEqualTo(1);
    }
  }

  static double passes(RunningAgent agent, String kind) throws Exception {
    return Distribution.metric(
        agent.httpPort(), "pullwarden_sync_passes_total", Map.of("kind", kind));
  }

  static void defaultAccount(TestCluster cluster, String namespace) {
    cluster
        .client()
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("default")
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .create();
  }

  static void awaitAttached(TestCluster cluster, String namespace, String secret) {
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> {
              ServiceAccount account =
                  cluster
                      .client()
                      .serviceAccounts()
                      .inNamespace(namespace)
                      .withName("default")
                      .get();
              assertThat(account.getImagePullSecrets())
                  .as("imagePullSecrets of default in %s", namespace)
                  .extracting(LocalObjectReference::getName)
                  .contains(secret);
            });
  }

  /**
   * The count of sync passes once it has not moved for {@link #QUIET}, longer than the agent's
   * longest retry delay.
   */
  static double quietPasses(RunningAgent agent) throws Exception {
    long deadline = System.nanoTime() + TestCluster.PATIENCE.toNanos();
    double previous = Distribution.metric(agent.httpPort(), PASSES, SYNC_PASSES);
    while (true) {
      Thread.sleep(QUIET);
      double now = Distribution.metric(agent.httpPort(), PASSES, SYNC_PASSES);
      if (now == previous) {
        return now;
      }
      assertThat(System.nanoTime() - deadline)
          .as("sync passes still starting after %s", TestCluster.PATIENCE)
          .isNegative();
      previous = now;
    }
  }
}
