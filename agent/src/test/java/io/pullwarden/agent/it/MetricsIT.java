package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.testenv.PrometheusExtension;
import io.pullwarden.testenv.PrometheusServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({AgentExtension.class, PrometheusExtension.class})
class MetricsIT {

  private static final String SERVER = "registry.metrics.test";

  @Test
  void aRealPrometheusScrapesTheAgentAndCountsTheRotation(
      RunningAgent agent, PrometheusServer prometheus) throws Exception {
    TestCluster cluster = new TestCluster(agent.client());
    prometheus.addScrapeTarget("pullwarden", "127.0.0.1:" + agent.httpPort());
    cluster.namespace("metrics-a", Map.of("metrics", "true"));
    cluster.namespace("metrics-b", Map.of("metrics", "true"));
    cluster.centralLogin("metrics-source", "metrics-cred", "robot", "first");
    cluster.source("metrics-source");
    cluster.sync("metrics", "metrics-source", "metrics-cred", SERVER, "metrics", spec -> {});
    cluster.awaitCondition("metrics", "Ready", "True");

    cluster.centralLogin("metrics-source", "metrics-cred", "robot", "second");
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.writtenPassword("metrics-b", "metrics-pull", SERVER))
                    .as("password in metrics-b")
                    .contains("second"));

    // The counter appears with its first increment; then it must say exactly one rotation.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(value(prometheus, "pullwarden_rotations_total{sync=\"metrics\"}"))
                    .as("pullwarden_rotations_total{sync=metrics} in Prometheus (NaN: no sample)")
                    .isNotNaN());
    assertThat(value(prometheus, "pullwarden_rotations_total{sync=\"metrics\"}")).isEqualTo(1.0);
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        value(
                            prometheus,
                            "pullwarden_sync_namespaces{sync=\"metrics\",state=\"synced\"}"))
                    .as("pullwarden_sync_namespaces{sync=metrics,state=synced} in Prometheus")
                    .isEqualTo(2.0));
    assertThat(
            value(
                prometheus,
                "sum(pullwarden_source_requests_total{source=\"metrics-source\",operation=\"fetch\",outcome=\"success\"})"))
        .isEqualTo(2.0);
    assertThat(
            value(
                prometheus,
                "sum(pullwarden_secret_writes_total{sync=\"metrics\",operation=\"update\",outcome=\"success\"})"))
        .isEqualTo(2.0);
    assertThat(value(prometheus, "pullwarden_propagation_seconds_count{sync=\"metrics\"}"))
        .isEqualTo(1.0);
    assertThat(
            value(prometheus, "count(resilience4j_circuitbreaker_state{name=\"metrics-source\"})"))
        .isPositive();
    assertThat(value(prometheus, "count(jvm_memory_used_bytes)")).isPositive();
    assertThat(value(prometheus, "count({__name__=~\"operator_sdk_.+\"})"))
        .as("Java Operator SDK metrics")
        .isPositive();

    // Every metric the agent serves says what it is, ours and the libraries' alike.
    assertThat(scrape(agent).lines().filter(line -> line.startsWith("# HELP ")))
        .isNotEmpty()
        .allSatisfy(help -> assertThat(help).as("HELP text").matches("# HELP \\S+ .*\\S.*"));

    // A deleted sync's series go, then a deleted source's (its resilience4j meters too).
    agent.client().resources(PullSecretSync.class).withName("metrics").delete();
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(seriesOf(agent, "sync=\"metrics\""))
                    .as("series of the deleted sync metrics")
                    .isEmpty());
    assertThat(seriesOf(agent, "source=\"metrics-source\"")).isNotEmpty();
    agent.client().resources(CredentialSource.class).withName("metrics-source").delete();
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(seriesOf(agent, "source=\"metrics-source\"", "name=\"metrics-source\""))
                    .as("series of the deleted source metrics-source")
                    .isEmpty());
  }

  private static String scrape(RunningAgent agent) throws Exception {
    return Distribution.get(agent.httpPort(), "/metrics");
  }

  private static List<String> seriesOf(RunningAgent agent, String... labels) throws Exception {
    return scrape(agent)
        .lines()
        .filter(line -> !line.startsWith("#"))
        .filter(line -> Arrays.stream(labels).anyMatch(line::contains))
        .toList();
  }

  private static double value(PrometheusServer prometheus, String query) {
    List<PrometheusServer.Sample> samples = prometheus.query(query);
    return samples.isEmpty() ? Double.NaN : samples.get(0).value();
  }
}
