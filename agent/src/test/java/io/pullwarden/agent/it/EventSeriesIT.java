package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.Agent;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A problem that comes back is one Event with a count, not an Event each time, on a real API server
 * and with the agent on nothing but the chart's ServiceAccount (so the chart's RBAC and admission
 * policy allow the series patches): a sync whose source goes missing and comes back three times has
 * one SourceNotFound Warning and one Recovered Event, each with {@code series.count} 3, naming the
 * agent and the replica that posted them, and {@code kubectl describe} shows them as kubectl shows
 * any repeated Event.
 */
@ExtendWith(OwnApiServer.class)
class EventSeriesIT {

  private static final String REPLICA = "pullwarden-5f7c9d-q8x2z";
  private static final int CYCLES = 3;

  @TempDir Path cache;

  @Test
  void aProblemThatComesBackIsOneEventWhoseSeriesCountsItWithTheReplicaThatSawIt(
      KubernetesServer server) {
    try (KubernetesClient admin = server.newClient()) {
      RunningAgent.prepare(admin);
      ChartServiceAccount account = ChartServiceAccount.install(server, admin);
      TestCluster cluster = new TestCluster(admin);
      cluster.namespace("series-a", Map.of("series", "true"));
      cluster.centralLogin("series-source", "series-cred", "robot", "pw");
      cluster.source("series-source");
      try (KubernetesClient client = account.newClient();
          Agent agent = ChartServiceAccount.startAgent(client, REPLICA)) {
        sync(cluster, "series-source");
        cluster.awaitCondition("series", "Ready", "True");
        for (int i = 0; i < CYCLES; i++) {
          sync(cluster, "series-missing");
          cluster.awaitCondition("series", "Degraded", "True");
          sync(cluster, "series-source");
          cluster.awaitCondition("series", "Ready", "True");
        }

        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(eventsAbout(admin, "series"))
                        .as("Events about sync series (type reason x count)")
                        .extracting(EventSeriesIT::summary)
                        .containsExactlyInAnyOrder(
                            "Warning SourceNotFound x" + CYCLES, "Normal Recovered x" + CYCLES));
        assertThat(eventsAbout(admin, "series"))
            .allSatisfy(
                event -> {
                  assertThat(event.getReportingController()).isEqualTo("pullwarden.io/agent");
                  assertThat(event.getReportingInstance()).isEqualTo(REPLICA);
                  assertThat(event.getAction()).isEqualTo("Sync");
                  assertThat(event.getRegarding().getKind()).isEqualTo("PullSecretSync");
                });

        HelmChart.Run describe =
            HelmChart.kubectl(
                server, "", "--cache-dir=" + cache, "describe", "pullsecretsync", "series");
        assertThat(describe.exitCode()).as("kubectl describe: %s", describe.stderr()).isZero();
        assertThat(describe.stdout().lines())
            .as("kubectl describe pullsecretsync series")
            .anySatisfy(
                line ->
                    assertThat(line)
                        .matches(
                            "\\s*Warning\\s+SourceNotFound\\s+\\S+ \\(x3 over \\S+\\)\\s+"
                                + "pullwarden\\.io/agent\\s+spec\\.registries\\[0\\]\\.sourceRef.*"))
            .anySatisfy(
                line ->
                    assertThat(line)
                        .matches(
                            "\\s*Normal\\s+Recovered\\s+\\S+ \\(x3 over \\S+\\)\\s+"
                                + "pullwarden\\.io/agent\\s+the Secret is current.*"));
      }
    }
  }

  private static void sync(TestCluster cluster, String source) {
    cluster.sync("series", source, "series-cred", "registry.series.test", "series", spec -> {});
  }

  private static List<Event> eventsAbout(KubernetesClient admin, String name) {
    return admin.events().v1().events().inNamespace("default").list().getItems().stream()
        .filter(event -> name.equals(event.getRegarding().getName()))
        .toList();
  }

  private static String summary(Event event) {
    int count = event.getSeries() == null ? 1 : event.getSeries().getCount();
    return event.getType() + " " + event.getReason() + " x" + count;
  }
}
