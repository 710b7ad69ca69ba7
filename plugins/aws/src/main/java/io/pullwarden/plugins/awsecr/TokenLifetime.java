package io.pullwarden.plugins.awsecr;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an ECR authorization token stops working and when to replace it, as pure functions of the
 * time it was issued and the expiry ECR reported. ECR documents a 12 hour lifetime. A reported
 * expiry that is not in the future (moto always answers 2015-01-01; a skewed clock can do the same)
 * would make a token look expired on arrival and invite a refresh loop, so it is replaced by
 * "issued now, lasts 12 hours"; a reported lifetime beyond 12 hours is cut to 12 hours. A token is
 * renewed two thirds into its lifetime, but never sooner than a minute after it was issued, so no
 * answer of the store can make the plugin call it in a tight loop. A request up to a minute before
 * the renewal point already counts as due, so an agent that schedules its refresh at two thirds of
 * the lifetime from its own, slightly earlier, reading of the clock gets a new token rather than
 * the old one again.
 */
final class TokenLifetime {

  /** ECR's documented token lifetime. */
  static final Duration ECR_LIFETIME = Duration.ofHours(12);

  /** The shortest time a token is used before it is replaced, when it lasts that long. */
  static final Duration MIN_USE = Duration.ofMinutes(1);

  /** How early before its renewal point a request may replace a token. */
  static final Duration EARLY = Duration.ofMinutes(1);

  /**
   * The expiry to act on.
   *
   * @param at when the token stops working
   * @param assumed whether ECR's documented lifetime replaced a reported expiry that was not in the
   *     future
   */
  record Expiry(Instant at, boolean assumed) {}

  private TokenLifetime() {}

  static Expiry expiry(Instant issuedAt, Optional<Instant> reported) {
    Instant longest = issuedAt.plus(ECR_LIFETIME);
    if (reported.isEmpty() || !reported.get().isAfter(issuedAt)) {
      return new Expiry(longest, true);
    }
    return new Expiry(reported.get().isAfter(longest) ? longest : reported.get(), false);
  }

  /**
   * Two thirds from {@code issuedAt} to {@code expiresAt}, at least {@link #MIN_USE} in, at most at
   * expiry.
   */
  static Instant renewAt(Instant issuedAt, Instant expiresAt) {
    Duration lifetime = Duration.between(issuedAt, expiresAt);
    Duration use = lifetime.multipliedBy(2).dividedBy(3);
    Instant renewAt = issuedAt.plus(use.compareTo(MIN_USE) < 0 ? MIN_USE : use);
    return renewAt.isAfter(expiresAt) ? expiresAt : renewAt;
  }

  /**
   * Whether a token issued at {@code issuedAt} and due at {@code renewAt} is replaced {@code now}.
   */
  static boolean isDue(Instant now, Instant issuedAt, Instant renewAt) {
    Instant earliest = issuedAt.plus(MIN_USE);
    Instant early = renewAt.minus(EARLY);
    return !now.isBefore(early.isAfter(earliest) ? early : earliest);
  }
}
