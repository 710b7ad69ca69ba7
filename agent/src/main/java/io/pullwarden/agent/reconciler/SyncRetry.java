package io.pullwarden.agent.reconciler;

import io.pullwarden.agent.source.BackoffRegistry;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a PullSecretSync runs again after a pass, by what the pass met (ADR 0016). The one place
 * that decides it, so the rules are table-tested without a cluster: a failure only time fixes backs
 * off, doubling per failure in a row; a failure the user fixes waits for its own time (or a
 * change); only a pass that left nothing to retry starts the count over; after failed writes the
 * sync never waits past its refresh interval; and a refresh comes after its interval and up to
 * {@link #REFRESH_SPREAD} more (so does a blocked sync's own wait), so syncs started together do
 * not ask their stores together, and a store is never asked more often than the interval says (ADR
 * 0027).
 */
final class SyncRetry {

  /** The largest share of a refresh interval added to it at random. */
  static final double REFRESH_SPREAD = 0.1;

  private final BackoffRegistry backoffs;
  private final DoubleSupplier spreadSamples;

  /**
   * @param spread samples in [0, 1]: the share of {@link #REFRESH_SPREAD} added to each refresh
   */
  SyncRetry(BackoffRegistry backoffs, DoubleSupplier spread) {
    this.backoffs = backoffs;
    this.spreadSamples = spread;
  }

  /**
   * After a pass that stopped before writing: the sync's backoff, or the blocker's own wait (null:
   * only when the resource changes).
   */
  Duration afterBlocked(String sync, SyncBlocked blocked) {
    if (blocked.backsOff()) {
      return backoffs.failed(sync);
    }
    return blocked.retryAfter() == null ? null : spread(blocked.retryAfter());
  }

  /**
   * After a pass that wrote: the refresh interval, lengthened by up to {@link #REFRESH_SPREAD},
   * when nothing is left to retry (and the count starts over), else the backoff, but never later
   * than the refresh.
   */
  Duration afterWrites(String sync, boolean retriable, Duration refreshInterval) {
    if (!retriable) {
      backoffs.succeeded(sync);
      return spread(refreshInterval);
    }
    Duration wait = backoffs.failed(sync);
    return wait.compareTo(refreshInterval) < 0 ? wait : refreshInterval;
  }

  /** {@code wait} lengthened by up to {@link #REFRESH_SPREAD} at random. */
  private Duration spread(Duration wait) {
    double share = REFRESH_SPREAD * Math.max(0, Math.min(1, spreadSamples.getAsDouble()));
    return wait.plusMillis(Math.round(wait.toMillis() * share));
  }

  /** After a deleted sync's cleanup failed, or reading what it wrote did. */
  Duration afterCleanupFailure(String sync) {
    return backoffs.failed(sync);
  }

  /** The sync is gone: a new one of the same name starts with no failures. */
  void forget(String sync) {
    backoffs.succeeded(sync);
  }
}
