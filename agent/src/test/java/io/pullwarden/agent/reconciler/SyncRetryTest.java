package io.pullwarden.agent.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.agent.Reason;
import io.pullwarden.agent.source.BackoffRegistry;
import io.pullwarden.agent.source.RetryBackoff;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** When a sync runs again, by what its pass met (ADR 0016); no jitter, so the waits are exact. */
class SyncRetryTest {

  private static final Duration REFRESH = Duration.ofMinutes(5);

  private final SyncRetry retry =
      new SyncRetry(
          new BackoffRegistry(
              new RetryBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5), 0.2), () -> 0),
          () -> 0);

  private final SyncBlocked storeDown =
      SyncBlocked.backingOff(Reason.SOURCE_UNAVAILABLE.toString(), "store down");

  @Test
  void aRefreshComesAfterItsIntervalAndAtMostATenthLater() {
    SyncRetry spread =
        new SyncRetry(
            new BackoffRegistry(
                new RetryBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5), 0.2), () -> 0),
            () -> 1);

    assertThat(retry.afterWrites("team", false, Duration.ofSeconds(10)))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(spread.afterWrites("team", false, Duration.ofSeconds(10)))
        .isEqualTo(Duration.ofSeconds(11));
    assertThat(
            spread.afterBlocked(
                "team",
                new SyncBlocked(
                    Reason.CREDENTIAL_NOT_FOUND.toString(), "no such key", Duration.ofSeconds(10))))
        .as("a blocked sync's own wait")
        .isEqualTo(Duration.ofSeconds(11));
    assertThat(spread.afterWrites("team", true, Duration.ofSeconds(5)))
        .as("a retry (backoff 10 s) is not spread past the refresh")
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aFailureOnlyTimeFixesDoublesEachTimeInARowUpToTheCap() {
    assertThat(IntStream.range(0, 7).mapToObj(i -> retry.afterBlocked("team", storeDown)).toList())
        .containsExactly(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(40),
            Duration.ofSeconds(80),
            Duration.ofSeconds(160),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5));
  }

  @Test
  void aFailureTheUserFixesWaitsForItsOwnTimeAndKeepsTheCount() {
    retry.afterBlocked("team", storeDown);
    SyncBlocked notFound =
        new SyncBlocked(Reason.CREDENTIAL_NOT_FOUND.toString(), "no such key", REFRESH);
    SyncBlocked invalid = new SyncBlocked(Reason.INVALID_SPEC.toString(), "bad spec", null);

    assertThat(retry.afterBlocked("team", notFound)).isEqualTo(REFRESH);
    assertThat(retry.afterBlocked("team", invalid)).as("only when the sync changes").isNull();
    assertThat(retry.afterBlocked("team", storeDown)).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void onlyAPassWithNothingLeftToRetryStartsTheCountOver() {
    retry.afterBlocked("team", storeDown);
    retry.afterBlocked("team", storeDown);

    assertThat(retry.afterWrites("team", true, REFRESH))
        .as("writes failed after the credential resolved")
        .isEqualTo(Duration.ofSeconds(40));
    assertThat(retry.afterWrites("team", false, REFRESH)).isEqualTo(REFRESH);
    assertThat(retry.afterBlocked("team", storeDown)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void failedWritesNeverWaitPastTheRefreshInterval() {
    Duration refresh = Duration.ofSeconds(30);

    assertThat(retry.afterWrites("team", true, refresh)).isEqualTo(Duration.ofSeconds(10));
    assertThat(retry.afterWrites("team", true, refresh)).isEqualTo(Duration.ofSeconds(20));
    assertThat(retry.afterWrites("team", true, refresh)).isEqualTo(refresh);
    assertThat(retry.afterWrites("team", true, refresh)).isEqualTo(refresh);
  }

  @Test
  void eachSyncBacksOffOnItsOwnAndADeletedOneIsForgotten() {
    retry.afterBlocked("team", storeDown);
    retry.afterCleanupFailure("team");

    assertThat(retry.afterBlocked("other", storeDown)).isEqualTo(Duration.ofSeconds(10));
    assertThat(retry.afterCleanupFailure("team")).isEqualTo(Duration.ofSeconds(40));
    retry.forget("team");
    assertThat(retry.afterBlocked("team", storeDown)).isEqualTo(Duration.ofSeconds(10));
  }
}
