package io.pullwarden.agent.reconciler;

import java.time.Duration;

/**
 * Why a sync pass stopped before writing anything: an invalid spec, a missing or unready source, a
 * store error, a malformed credential. Existing Secrets stay as they are. The reason becomes the
 * Degraded condition's reason, the message (which names the field and never a credential) its
 * message, and {@code retryAfter} when the agent tries again on its own (null: only when the
 * resource changes).
 */
public final class SyncBlocked extends Exception {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final transient Duration retryAfter;

  SyncBlocked(String reason, String message, Duration retryAfter) {
    super(message);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  public String reason() {
    return reason;
  }

  Duration retryAfter() {
    return retryAfter;
  }
}
