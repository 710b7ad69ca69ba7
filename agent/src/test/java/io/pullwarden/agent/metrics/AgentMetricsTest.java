package io.pullwarden.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
    metrics.credentialRenewalDue(
        "example", "registry.example.com", Instant.ofEpochSecond(1_800_002_412L));
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
        .contains(
            "pullwarden_credential_renewal_due_timestamp_seconds{server=\"registry.example.com\",sync=\"example\"} 1.800002412E9")
        .contains("pullwarden_lease_renewals_total{outcome=\"renewed\",source=\"vault-prod\"} 1")
        .contains("pullwarden_propagation_seconds_count{sync=\"example\"} 1")
        .contains("pullwarden_leader 1.0")
        .contains("jvm_memory_used_bytes");
    // Every Pullwarden metric says what it is: no empty HELP line.
    assertThat(scrape.lines().filter(line -> line.startsWith("# HELP pullwarden_")))
        .hasSize(13)
        .allSatisfy(help -> assertThat(help).matches("# HELP pullwarden_\\w+ \\S.*"));
  }

  @Test
  void metersThatLibrariesRegisterWithoutADescriptionStillGetAHelpText() {
    AgentMetrics metrics = new AgentMetrics();
    // As the Java Operator SDK registers its meters: no description.
    Counter.builder("operator.sdk.reconciliations.started").register(metrics.registry());
    Gauge.builder("operator.sdk.reconciliations.queue.size.pullsecretsync", () -> 0)
        .register(metrics.registry());
    Counter.builder("some.library.calls").register(metrics.registry());

    assertThat(metrics.scrape())
        .contains(
            "# HELP operator_sdk_reconciliations_started_total Reconciliations started, by"
                + " resource (Java Operator SDK)")
        .contains(
            "# HELP operator_sdk_reconciliations_queue_size_pullsecretsync Resources of this"
                + " controller waiting for a reconciliation (Java Operator SDK)")
        .contains("# HELP some_library_calls_total some.library.calls (no description given");
    assertThat(metrics.scrape().lines().filter(line -> line.startsWith("# HELP ")))
        .allSatisfy(help -> assertThat(help).matches("# HELP \\S+ .*\\S.*"));
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
  void aDeletedSyncLeavesNoSeriesAndOtherSyncsKeepTheirs() {
    AgentMetrics metrics = new AgentMetrics();
    for (String sync : new String[] {"gone", "kept"}) {
      metrics.syncNamespaces(sync, "synced", 3);
      metrics.syncSucceeded(sync, Instant.now());
      metrics.credentialExpiry(sync, "registry.example.com", Instant.now());
      metrics.rotation(sync);
      metrics.secretWrite(sync, "update", "success");
      metrics.propagation(sync, Duration.ofMillis(5));
    }

    metrics.forgetSync("gone");

    String scrape = metrics.scrape();
    assertThat(scrape).doesNotContain("sync=\"gone\"");
    assertThat(scrape.lines().filter(line -> line.contains("sync=\"kept\"")))
        .as("series of the sync that stays")
        .hasSizeGreaterThan(6);
  }

  @Test
  void aDeletedSourceLeavesNoSeriesAndItsCountersStartAgainWhenItComesBack() {
    AgentMetrics metrics = new AgentMetrics();
    metrics.sourceRequest("gone", "vault", "fetch", "success", Duration.ofMillis(3));
    metrics.leaseRenewal("gone", "renewed");
    metrics.sourceRequest("kept", "vault", "fetch", "success", Duration.ofMillis(3));

    metrics.forgetSource("gone");

    assertThat(metrics.scrape()).doesNotContain("source=\"gone\"").contains("source=\"kept\"");
    metrics.leaseRenewal("gone", "renewed");
    assertThat(metrics.scrape())
        .contains("pullwarden_lease_renewals_total{outcome=\"renewed\",source=\"gone\"} 1");
  }
}
