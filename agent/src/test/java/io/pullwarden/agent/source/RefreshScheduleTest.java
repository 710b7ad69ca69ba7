package io.pullwarden.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.plugin.Lease;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefreshScheduleTest {

  private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

  @ParameterizedTest(name = "ttl {0}, jitter sample {1} -> renew after {2}")
  @CsvSource({
    "PT1H,   0,    PT40M12S",
    "PT1H,   1,    PT44M13.2S",
    "PT1H,  -1,    PT36M10.8S",
    "PT30S,  0,    PT20.1S",
    "PT6S,   0,    PT4.02S"
  })
  void renewsAtTwoThirdsOfTheTtlSpreadByTheJitter(Duration ttl, double sample, Duration after) {
    Lease lease = new Lease("database/creds/app/abc", ttl, true, T0);

    assertThat(RefreshSchedule.renewAt(lease, LeasePolicy.DEFAULT, sample))
        .isEqualTo(T0.plus(after));
  }

  @ParameterizedTest(name = "token lasting {0} is fetched anew after {1}")
  @CsvSource({
    "PT12H,   PT8H2M24S", // ECR: two thirds of 12 h
    "PT30S,   PT1M", //      the floor: never sooner than a minute
    "P30D,    PT12H", //     the ceiling: never later than 12 h
    "PT0S,    PT1M", //      already expired: wait the floor, no hot loop
    "-PT24H,  PT1M" //       expired in the past (moto's ECR): the floor again
  })
  void fetchesTokensAnewAtTwoThirdsOfTheirLifetimeWithinFloorAndCeiling(
      Duration lifetime, Duration after) {
    assertThat(RefreshSchedule.refetchAt(T0, T0.plus(lifetime), LeasePolicy.DEFAULT))
        .isEqualTo(T0.plus(after));
  }

  @ParameterizedTest(name = "original {0}, granted {1} -> reissue {2}")
  @CsvSource({"PT1H, PT1H, false", "PT1H, PT20M, true", "PT6S, PT6S, false", "PT6S, PT2S, true"})
  void aRenewalThatGrantsLessThanTheTtlMeansTheMaximumTtlIsNear(
      Duration original, Duration granted, boolean reissue) {
    Lease renewed = new Lease("id", granted, true, T0);

    assertThat(RefreshSchedule.mustReissue(original, renewed)).isEqualTo(reissue);
  }
}
