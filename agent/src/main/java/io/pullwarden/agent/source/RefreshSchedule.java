package io.pullwarden.agent.source;

import io.pullwarden.plugin.Lease;
import java.time.Duration;
import java.time.Instant;

/**
 * When to act on an expiring credential. Pure functions of the credential, the policy and a jitter
 * sample, so the timing rules are table-tested without clocks or threads.
 */
public final class RefreshSchedule {

  private RefreshSchedule() {}

  /**
   * When to renew {@code lease}: {@code renewAt} of its TTL after it was obtained, moved by up to
   * {@code jitter} of that in either direction ({@code sample} in [-1, 1]), and always before it
   * ends.
   */
  public static Instant renewAt(Lease lease, LeasePolicy policy, double sample) {
    double fraction = policy.renewAt() * (1 + policy.jitter() * clamp(sample, -1, 1));
    long millis = (long) (lease.ttl().toMillis() * clamp(fraction, 0.05, 0.95));
    return lease.obtainedAt().plusMillis(millis);
  }

  /**
   * When to fetch a token that expires at {@code expiresAt} anew: {@code renewAt} of its lifetime,
   * but no sooner than {@code floor} and no later than {@code ceiling} after it was obtained. A
   * lifetime that is already over (a clock skew, a store that reports a past expiry) waits the
   * floor instead of looping.
   */
  public static Instant refetchAt(Instant obtainedAt, Instant expiresAt, LeasePolicy policy) {
    Duration lifetime = Duration.between(obtainedAt, expiresAt);
    if (lifetime.isNegative() || lifetime.isZero()) {
      return obtainedAt.plus(policy.floor());
    }
    Duration wait = Duration.ofMillis((long) (lifetime.toMillis() * policy.renewAt()));
    if (wait.compareTo(policy.floor()) < 0) {
      wait = policy.floor();
    }
    if (wait.compareTo(policy.ceiling()) > 0) {
      wait = policy.ceiling();
    }
    return obtainedAt.plus(wait);
  }

  /**
   * True when a renewal granted less than the lease's original TTL: the store's maximum TTL is
   * cutting in, the lease cannot cover another full window, and a new credential must be rolled out
   * while the old one still works (it has at least a third of a TTL left when renewing at two
   * thirds).
   */
  public static boolean mustReissue(Duration originalTtl, Lease renewed) {
    return renewed.ttl().compareTo(originalTtl) < 0;
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }
}
