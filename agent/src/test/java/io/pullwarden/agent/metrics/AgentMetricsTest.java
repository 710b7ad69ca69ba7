package io.pullwarden.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {

  @Test
  void exposesTheDesignedNamesAndLabels() {
    AgentMetrics metrics = new AgentMetrics();
    metrics.sourceRequest("vault-prod", "vault", "fetch", "success", Duration.ofMillis(12));
    metrics.rotation("example");
    metrics.secretWrite("example", "update", "success");
    metrics.syncNamespaces("example", "synced", 120);
    metrics.syncSucceeded("example", Instant.ofEpochSecond(1_800_000_000L));
    metrics.credentialExpiry(
        "example", "registry.example.com", Instant.ofEpochSecond(1_800_003_600L));
    metrics.leaseRenewal("vault-prod", "renewed");
    metrics.propagation("example", Duration.ofMillis(800));
    metrics.leader(() -> true);

    String scrape = metrics.scrape();

    assertThat(scrape)
        .contains(
            "pullwarden_source_requests_total{operation=\"fetch\",outcome=\"success\",plugin=\"vault\",source=\"vault-prod\"} 1")
        .contains("pullwarden_source_request_duration_seconds_bucket{")
        .contains("pullwarden_rotations_total{sync=\"example\"} 1")
        .contains(
            "pullwarden_secret_writes_total{operation=\"update\",outcome=\"success\",sync=\"example\"} 1")
        .contains("pullwarden_sync_namespaces{state=\"synced\",sync=\"example\"} 120")
        .contains("pullwarden_sync_last_success_timestamp_seconds{sync=\"example\"} 1.8E9")
        .contains(
            "pullwarden_credential_expiry_timestamp_seconds{server=\"registry.example.com\",sync=\"example\"}")
        .contains("pullwarden_lease_renewals_total{outcome=\"renewed\",source=\"vault-prod\"} 1")
        .contains("pullwarden_propagation_seconds_count{sync=\"example\"} 1")
        .contains("pullwarden_leader 1.0")
        .contains("jvm_memory_used_bytes");
    // Every Pullwarden metric says what it is: no empty HELP line.
    assertThat(scrape.lines().filter(line -> line.startsWith("# HELP pullwarden_")))
        .hasSize(12)
        .allSatisfy(help -> assertThat(help).matches("# HELP pullwarden_\\w+ \\S.*"));
  }

  @Test
  void theLeaderGaugeFollowsLeadershipAndOutlivesAGarbageCollection() {
    AgentMetrics metrics = new AgentMetrics();
    AtomicBoolean leading = new AtomicBoolean();
    metrics.leader(leading::get);

    assertThat(metrics.scrape()).contains("pullwarden_leader 0.0");
    leading.set(true);
    // Micrometer holds a gauge's state weakly unless told otherwise; a method reference held by
    // nobody else would be collected and the gauge would read NaN from then on.
    System.gc();
    assertThat(metrics.scrape()).contains("pullwarden_leader 1.0");
  }

  @Test
  void aDeletedSyncLeavesNoGauges() {
    AgentMetrics metrics = new AgentMetrics();
    metrics.syncNamespaces("gone", "synced", 3);
    metrics.syncSucceeded("gone", Instant.now());

    metrics.forgetSync("gone");

    assertThat(metrics.scrape()).doesNotContain("sync=\"gone\"");
  }
}
