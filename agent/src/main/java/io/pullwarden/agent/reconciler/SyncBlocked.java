package io.pullwarden.agent.reconciler;

import java.time.Duration;

/**
 * Why a sync pass stopped before writing anything: an invalid spec, a missing or unready source, a
 * store error, a plugin that failed or timed out, a malformed credential. Existing Secrets stay as
 * they are. The reason becomes the Degraded condition's reason, the message (which names the field
 * and never a credential) its message, and {@code retryAfter} when the agent tries again on its own
 * (null: only when the resource changes), unless the sync {@linkplain #backsOff() backs off}.
 */
public final class SyncBlocked extends Exception {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final transient Duration retryAfter;
  private final boolean backsOff;

  SyncBlocked(String reason, String message, Duration retryAfter) {
    this(reason, message, retryAfter, false);
  }

  private SyncBlocked(String reason, String message, Duration retryAfter, boolean backsOff) {
    super(message);
    this.reason = reason;
    this.retryAfter = retryAfter;
    this.backsOff = backsOff;
  }

  /**
   * A failure that only time fixes: a store that is unreachable, refuses the login or whose circuit
   * is open, a plugin that timed out, threw or returned null. Retried after the sync's own backoff,
   * which grows with each failure in a row, so a long outage costs the store and the agent a few
   * calls, not one every few seconds per sync.
   */
  static SyncBlocked backingOff(String reason, String message) {
    return new SyncBlocked(reason, message, null, true);
  }

  public String reason() {
    return reason;
  }

  Duration retryAfter() {
    return retryAfter;
  }

  boolean backsOff() {
    return backsOff;
  }
}
