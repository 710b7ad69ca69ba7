package io.pullwarden.plugins.vault;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * When and how the session keeps its own token alive, as pure functions of the token and the time,
 * so the rules are tested without waiting: renew at two thirds of the TTL; log in again instead
 * when the token cannot be renewed or Vault already cut the last renewal short (the token is near
 * its max TTL, so renewing would only shrink it further); and log in at once when it has expired.
 */
final class TokenSchedule {

  /** How far into its TTL a token is renewed. */
  static final double RENEW_AT = 2.0 / 3.0;

  /** Never wake sooner than this, so a tiny TTL cannot make a busy loop. */
  static final Duration MIN_DELAY = Duration.ofMillis(500);

  /** The longest wait before trying again after a failed renewal or login. */
  static final Duration MAX_RETRY = Duration.ofSeconds(30);

  /** What to do with the token when its time comes. */
  enum Step {
    RENEW,
    LOGIN
  }

  /** The next step and when to take it. */
  record Plan(Step step, Instant at) {}

  private TokenSchedule() {}

  /** The next step for {@code token}; empty for a token that never expires. */
  static Optional<Plan> plan(SessionToken token) {
    if (!token.expires()) {
      return Optional.empty();
    }
    Duration ttl = token.grant().ttl();
    Instant at = token.obtainedAt().plusMillis((long) (ttl.toMillis() * RENEW_AT));
    boolean cutShort = ttl.compareTo(token.loginTtl()) < 0;
    return Optional.of(
        new Plan(token.grant().renewable() && !cutShort ? Step.RENEW : Step.LOGIN, at));
  }

  /** How long to wait from {@code now} until {@code at}, at least {@link #MIN_DELAY}. */
  static Duration delay(Instant at, Instant now) {
    Duration delay = Duration.between(now, at);
    return delay.compareTo(MIN_DELAY) < 0 ? MIN_DELAY : delay;
  }

  /** Whether {@code token} has run out at {@code now}. */
  static boolean expired(SessionToken token, Instant now) {
    return token.expires() && !now.isBefore(token.expiresAt());
  }

  /**
   * How long to wait before trying again after a step failed: a third of the time the token has
   * left, so a few attempts fit before it expires, but at most {@link #MAX_RETRY}.
   */
  static Duration retryDelay(SessionToken token, Instant now) {
    if (!token.expires() || expired(token, now)) {
      return MAX_RETRY.dividedBy(6);
    }
    Duration third =
        Duration.between(now, token.expiresAt()).dividedBy(3).truncatedTo(ChronoUnit.MILLIS);
    Duration capped = third.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : third;
    return capped.compareTo(MIN_DELAY) < 0 ? MIN_DELAY : capped;
  }
}
