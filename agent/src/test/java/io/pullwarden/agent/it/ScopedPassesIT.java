package io.pullwarden.agent.it;

import static io.pullwarden.agent.it.AccountEventsIT.awaitAttached;
import static io.pullwarden.agent.it.AccountEventsIT.defaultAccount;
import static io.pullwarden.agent.it.AccountEventsIT.passes;
import static io.pullwarden.agent.it.AccountEventsIT.quietPasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.testenv.KubernetesServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How much a sync pass plans (ADR 0027): nothing for a refresh that finds nothing new, only the
 * namespaces an event came from when every other one is current, everything otherwise. Counted by
 * {@code pullwarden_sync_passes_total}, which covers every sync of the agent: so each test here
 * runs with only its own sync on the class's API server, and deletes it at the end.
 */
@ExtendWith(OwnApiServer.class)
class ScopedPassesIT {

  private static final String SERVER = "registry.scoped.test";

  @Test
  void aRefreshThatFindsNothingNewPlansNothingAndAnEventStillDoes(KubernetesServer server)
      throws Exception {
    try (RunningAgent agent = RunningAgent.start(server)) {
      TestCluster cluster = new TestCluster(agent.client());
      cluster.centralLogin("quiet-source", "quiet-cred", "robot", "first-password");
      cluster.source("quiet-source");
      List<String> namespaces = IntStream.range(0, 5).mapToObj(i -> "quiet-" + i).toList();
      for (String namespace : namespaces) {
        cluster.namespace(namespace, Map.of("quiet", "true"));
      }
      cluster.sync(
          "quiet",
          "quiet-source",
          "quiet-cred",
          SERVER,
          "quiet",
          spec -> spec.setRefreshInterval("1s"));
      try {
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () -> assertThat(passes(agent, "quiet")).as("quiet refreshes").isPositive());
        double full = passes(agent, "full");
        double quiet = passes(agent, "quiet");

        Thread.sleep(4_000);
        assertThat(passes(agent, "quiet") - quiet)
            .as("refreshes every second that found nothing new")
            .isGreaterThanOrEqualTo(2);
        assertThat(passes(agent, "full")).as("full passes without an event").isEqualTo(full);

        double scoped = passes(agent, "namespaces");
        cluster.client().secrets().inNamespace("quiet-2").withName("quiet-pull").delete();
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    cluster.assertWrittenEverywhere(
                        namespaces, "quiet-pull", SERVER, "first-password"));
        assertThat(passes(agent, "namespaces") - scoped)
            .as("passes over the namespace of the deleted Secret")
            .isPositive();
        assertThat(passes(agent, "full")).as("full passes after the deletion").isEqualTo(full);
      } finally {
        // Its refresh every second would keep the other tests' agents (same API server) busy.
        cluster.client().resources(PullSecretSync.class).withName("quiet").delete();
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(() -> assertThat(cluster.getSync("quiet")).isNull());
      }
    }
  }

  @Test
  void aNewNamespaceOrARepairPlansThatNamespaceAloneAndTheStatusCountsIt(KubernetesServer server)
      throws Exception {
    try (RunningAgent agent = RunningAgent.start(server)) {
      TestCluster cluster = new TestCluster(agent.client());
      cluster.centralLogin("alone-source", "alone-cred", "robot", "first-password");
      cluster.source("alone-source");
      List<String> namespaces = IntStream.range(0, 3).mapToObj(i -> "alone-" + i).toList();
      for (String namespace : namespaces) {
        cluster.namespace(namespace, Map.of("alone", "true"));
      }
      for (String namespace : namespaces) {
        defaultAccount(cluster, namespace);
      }
      cluster.sync(
          "alone",
          "alone-source",
          "alone-cred",
          SERVER,
          "alone",
          spec -> {
            spec.setServiceAccounts(List.of("default"));
            spec.setRefreshInterval("1h");
          });
      try {
        cluster.awaitCondition("alone", "Ready", "True");
        quietPasses(agent);
        double full = passes(agent, "full");
        double before = passes(agent, "namespaces");

        List<String> all = new ArrayList<>(namespaces);
        for (String added : List.of("alone-new-a", "alone-new-b")) {
          // As kube-controller-manager does, the account comes right after its namespace.
          cluster.namespace(added, Map.of("alone", "true"));
          defaultAccount(cluster, added);
          all.add(added);
          await()
              .atMost(TestCluster.PATIENCE)
              .untilAsserted(
                  () -> {
                    cluster.assertWrittenEverywhere(all, "alone-pull", SERVER, "first-password");
                    assertThat(cluster.getSync("alone").getStatus().getNamespaces())
                        .as("status.namespaces")
                        .extracting(c -> c.getSelected(), c -> c.getSynced(), c -> c.getFailed())
                        .containsExactly(all.size(), all.size(), 0);
                  });
        }
        for (String added : List.of("alone-new-a", "alone-new-b")) {
          awaitAttached(cluster, added, "alone-pull");
        }
        quietPasses(agent);
        double scoped = passes(agent, "namespaces");
        assertThat(scoped - before)
            .as("passes that planned only a new namespace (its account may come in a second)")
            .isGreaterThanOrEqualTo(2);

        cluster.client().secrets().inNamespace("alone-1").withName("alone-pull").delete();
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () -> cluster.assertWrittenEverywhere(all, "alone-pull", SERVER, "first-password"));
        quietPasses(agent);

        assertThat(passes(agent, "namespaces") - scoped)
            .as("passes that repaired the deleted Secret")
            .isPositive();
        // A namespace that leaves the selection: its Secret goes, its account lets go of it.
        double beforeLeaving = passes(agent, "namespaces");
        cluster.namespace("alone-0", Map.of("alone", "no"));
        all.remove("alone-0");
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () -> {
                  assertThat(
                          cluster
                              .client()
                              .secrets()
                              .inNamespace("alone-0")
                              .withName("alone-pull")
                              .get())
                      .as("the Secret in the namespace that left")
                      .isNull();
                  assertThat(
                          cluster
                              .client()
                              .serviceAccounts()
                              .inNamespace("alone-0")
                              .withName("default")
                              .get()
                              .getImagePullSecrets())
                      .as("imagePullSecrets of default in alone-0")
                      .extracting(LocalObjectReference::getName)
                      .doesNotContain("alone-pull");
                  assertThat(cluster.getSync("alone").getStatus().getNamespaces())
                      .as("status.namespaces")
                      .extracting(c -> c.getSelected(), c -> c.getSynced())
                      .containsExactly(all.size(), all.size());
                });
        quietPasses(agent);
        assertThat(passes(agent, "namespaces") - beforeLeaving).isPositive();
        // A pass that starts while the sync's cached status still lags its last status patch plans
        // in full (PassScope compares the status): rare, and always safe. Most passes here must
        // have been scoped.
        assertThat(passes(agent, "full") - full)
            .as("full passes, against %s scoped ones", passes(agent, "namespaces") - before)
            .isLessThan(passes(agent, "namespaces") - before - 2);
        cluster.awaitCondition("alone", "Ready", "True");
      } finally {
        cluster.client().resources(PullSecretSync.class).withName("alone").delete();
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(() -> assertThat(cluster.getSync("alone")).isNull());
      }
    }
  }
}
