package io.pullwarden.plugins.awsecr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenLifetimeTest {

  private static final Instant ISSUED = Instant.parse("2030-01-01T00:00:00Z");

  @ParameterizedTest(name = "reported {0} -> expires {1} (assumed {2}), renew {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          # reported by ECR     | expires at            | assumed | renew at
          2030-01-01T12:00:00Z  | 2030-01-01T12:00:00Z  | false   | 2030-01-01T08:00:00Z
          2015-01-01T00:00:00Z  | 2030-01-01T12:00:00Z  | true    | 2030-01-01T08:00:00Z
          2030-01-01T00:00:00Z  | 2030-01-01T12:00:00Z  | true    | 2030-01-01T08:00:00Z
          none                  | 2030-01-01T12:00:00Z  | true    | 2030-01-01T08:00:00Z
          2030-01-01T13:00:00Z  | 2030-01-01T12:00:00Z  | false   | 2030-01-01T08:00:00Z
          2030-01-01T06:00:00Z  | 2030-01-01T06:00:00Z  | false   | 2030-01-01T04:00:00Z
          2030-01-01T00:01:00Z  | 2030-01-01T00:01:00Z  | false   | 2030-01-01T00:01:00Z
          2030-01-01T00:01:30Z  | 2030-01-01T00:01:30Z  | false   | 2030-01-01T00:01:00Z
          2030-01-01T00:00:30Z  | 2030-01-01T00:00:30Z  | false   | 2030-01-01T00:00:30Z
          """)
  void expiryAndRenewal(String reported, Instant expiresAt, boolean assumed, Instant renewAt) {
    TokenLifetime.Expiry expiry =
        TokenLifetime.expiry(ISSUED, Optional.ofNullable(reported).map(Instant::parse));

    assertThat(expiry).isEqualTo(new TokenLifetime.Expiry(expiresAt, assumed));
    assertThat(TokenLifetime.renewAt(ISSUED, expiry.at())).isEqualTo(renewAt);
  }

  @ParameterizedTest(name = "issued {0}")
  @CsvSource({"2030-01-01T00:00:00Z", "2030-06-30T23:59:59.123Z", "1999-12-31T18:00:00Z"})
  void aTwelveHourTokenIsRenewedAfterEightHoursWhenEverIssued(Instant issued) {
    Instant expires = issued.plus(Duration.ofHours(12));

    assertThat(Duration.between(issued, TokenLifetime.renewAt(issued, expires)))
        .isEqualTo(Duration.ofHours(8));
  }

  @ParameterizedTest(name = "at {0} -> due {1}")
  @CsvSource({
    "2030-01-01T07:58:59Z, false",
    "2030-01-01T07:59:00Z, true",
    "2030-01-01T08:00:00Z, true",
    "2030-01-01T11:00:00Z, true"
  })
  void aTwelveHourTokenIsDueFromAMinuteBeforeItsRenewalPoint(Instant now, boolean due) {
    Instant renewAt = TokenLifetime.renewAt(ISSUED, ISSUED.plus(TokenLifetime.ECR_LIFETIME));

    assertThat(TokenLifetime.isDue(now, ISSUED, renewAt)).isEqualTo(due);
  }

  @ParameterizedTest(name = "at {0} -> due {1}")
  @CsvSource({
    "2030-01-01T00:00:00Z, false",
    "2030-01-01T00:00:59Z, false",
    "2030-01-01T00:01:00Z, true"
  })
  void aShortLivedTokenIsNeverDueWithinAMinuteOfIssue(Instant now, boolean due) {
    Instant renewAt = TokenLifetime.renewAt(ISSUED, ISSUED.plusSeconds(30));

    assertThat(TokenLifetime.isDue(now, ISSUED, renewAt)).isEqualTo(due);
  }
}
