package io.pullwarden.agent.source;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a resource waits before the agent tries it again after consecutive failures that only
 * time can fix: a plugin that failed, returned null or did not answer in time. The wait doubles
 * from {@code initial} up to {@code max} and each wait is shortened by up to {@code jitter} of
 * itself, so resources that failed together do not come back together, and the cap is never
 * exceeded. A pure function of the failure count and a random sample, so the numbers are
 * table-tested; integration tests inject short ones instead of waiting minutes.
 *
 * @param initial the wait after the first failure
 * @param max the longest wait
 * @param jitter the largest share of a wait taken off at random, in [0, 1)
 */
public record RetryBackoff(Duration initial, Duration max, double jitter) {

  /** 10 s, doubling to 5 min, up to a fifth shorter at random (docs/adr/0012). */
  public static final RetryBackoff DEFAULT =
      new RetryBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5), 0.2);

  public RetryBackoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max, not " + initial + " and " + max);
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("backoff jitter must be in [0, 1), not " + jitter);
    }
  }

  /**
   * The wait after the {@code failures}-th failure in a row (1 for the first).
   *
   * @param sample a random number in [0, 1]; 0 waits the full amount
   */
  public Duration delay(int failures, double sample) {
    long millis = initial.toMillis();
    for (int i = 1; i < failures && millis < max.toMillis(); i++) {
      millis *= 2;
    }
    millis = Math.min(millis, max.toMillis());
    double cut = jitter * Math.max(0, Math.min(1, sample));
    return Duration.ofMillis(Math.round(millis * (1 - cut)));
  }
}
