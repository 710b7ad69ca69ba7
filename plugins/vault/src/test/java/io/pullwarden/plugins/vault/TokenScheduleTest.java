package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.plugins.vault.TokenSchedule.Plan;
import io.pullwarden.plugins.vault.TokenSchedule.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenScheduleTest {

  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @ParameterizedTest(name = "ttl {0}s, login ttl {1}s, renewable {2} -> {3} at +{4}ms")
  @CsvSource({
    // an ordinary renewable token is renewed two thirds into its TTL
    "3600, 3600, true,  RENEW, 2400000",
    "6,    6,    true,  RENEW, 4000",
    // a token that cannot be renewed is replaced by a new login at the same point
    "6,    6,    false, LOGIN, 4000",
    // a renewal Vault cut short (max TTL near): log in next time instead of renewing again
    "2,    6,    true,  LOGIN, 1333",
  })
  void plansTheNextStep(long ttl, long loginTtl, boolean renewable, Step step, long atMillis) {
    SessionToken token = token(ttl, loginTtl, renewable);

    assertThat(TokenSchedule.plan(token)).contains(new Plan(step, T0.plusMillis(atMillis)));
  }

  @org.junit.jupiter.api.Test
  void aTokenWithoutTtlNeedsNothing() {
    assertThat(TokenSchedule.plan(token(0, 0, false))).isEqualTo(Optional.empty());
    assertThat(TokenSchedule.expired(token(0, 0, false), T0.plus(Duration.ofDays(999)))).isFalse();
  }

  @ParameterizedTest(name = "at +{0}s a 6s token is expired: {1}")
  @CsvSource({"0, false", "5, false", "6, true", "7, true"})
  void expiresAtTheEndOfItsTtl(long after, boolean expired) {
    assertThat(TokenSchedule.expired(token(6, 6, true), T0.plusSeconds(after))).isEqualTo(expired);
  }

  @ParameterizedTest(name = "wait from +{0}ms until +{1}ms is {2}ms")
  @CsvSource({"0, 4000, 4000", "3900, 4000, 500", "5000, 4000, 500"})
  void delayIsNeverShorterThanTheFloor(long now, long at, long expected) {
    assertThat(TokenSchedule.delay(T0.plusMillis(at), T0.plusMillis(now)))
        .isEqualTo(Duration.ofMillis(expected));
  }

  @ParameterizedTest(name = "retry with {0}s left of a {1}s token after {2}ms")
  @CsvSource({
    // a third of what is left, at most 30s, at least 500ms; 5s once expired
    "3600, 3600, 30000",
    "6,    6,    2000",
    "1,    6,    500",
    "-1,   6,    5000",
  })
  void retriesWithinWhatIsLeft(long left, long ttl, long expectedMillis) {
    SessionToken token = token(ttl, ttl, true);
    Instant now = T0.plusSeconds(ttl - left);

    assertThat(TokenSchedule.retryDelay(token, now)).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  private static SessionToken token(long ttl, long loginTtl, boolean renewable) {
    return new SessionToken(
        new TokenGrant("t", "a", Duration.ofSeconds(ttl), renewable),
        T0,
        Duration.ofSeconds(loginTtl));
  }
}
