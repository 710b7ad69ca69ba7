package io.pullwarden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreResultTest {

  private static StoreResult.Interval interval(int metadata, int data, long agent, long windowS) {
    return new StoreResult.Interval(
        "default (10s)",
        Duration.ofSeconds(windowS),
        new StoreAudit.Counts(metadata, data, List.of(Instant.EPOCH)),
        agent,
        List.of(Duration.ofSeconds(3), Duration.ofSeconds(7)),
        List.of(Duration.ofMillis(4200), Duration.ofMillis(900), Duration.ofMillis(6100)),
        List.of(1, 1, 1),
        List.of(1, 0, 1));
  }

  @Test
  void requestsPerMinuteAreTheStoresCountOverTheWindow() {
    StoreResult.Interval quiet = interval(5, 1, 4, 30);

    assertThat(quiet.storePerMinute()).isEqualTo(12.0);
    assertThat(quiet.agentPerMinute()).isEqualTo(8.0);
    assertThat(quiet.medianLatency()).isEqualTo(Duration.ofMillis(4200));
  }

  @Test
  void theIssuesLinesNameTheIntervalTheRateAndTheAgentsCount() {
    StoreResult result = new StoreResult(1000, List.of(interval(3, 0, 3, 30)));

    assertThat(result.lines())
        .containsExactly(
            "store (OpenBao KV v2) requests per minute, one credential, quiet: refreshInterval"
                + " default (10s): 6.0 (agent metric 6.0)",
            "rotation in the store → all 1,000 current, median (each run): refreshInterval"
                + " default (10s): 4.20 s (4.20 s, 0.90 s, 6.10 s); store data reads per rotation"
                + " [1, 1, 1]");
    assertThat(result.markdown())
        .contains("| store phase: one OpenBao KV v2 credential, N = 1,000 |");
  }

  @Test
  void theInitialSyncTargetIsOneAndAHalfTimesJvmStartPlusRawCreates() {
    ScaleResult result =
        new ScaleResult(
            1000,
            5040,
            List.of(Duration.ofMillis(700), Duration.ofMillis(500), Duration.ofMillis(900)),
            Duration.ofMillis(1300),
            Duration.ofSeconds(6),
            List.of(),
            null,
            null,
            null,
            null,
            0);

    assertThat(result.initialSyncTarget()).isEqualTo(Duration.ofMillis(3000));
  }
}
