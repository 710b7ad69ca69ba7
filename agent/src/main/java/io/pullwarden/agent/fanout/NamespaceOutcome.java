package io.pullwarden.agent.fanout;

import java.util.Set;

/**
 * What happened to one namespace in a fan-out pass. {@code reason} and {@code message} are set for
 * conflicts and failures, and for a synced namespace that another sync contests; they never contain
 * credential material.
 */
public record NamespaceOutcome(String namespace, Result result, String reason, String message) {

  /**
   * Failure reasons (the API server's, see {@code SecretFanOut}) that the same request meets again:
   * the object is invalid or too large, or an admission policy or RBAC refuses it. Retrying them
   * every few seconds would only repeat the refusal, so they wait for the next refresh.
   */
  private static final Set<String> PERMANENT_FAILURES =
      Set.of("Invalid", "Forbidden", "BadRequest", "RequestEntityTooLarge");

  /** The possible results of bringing one namespace up to date. */
  public enum Result {
    UNCHANGED,
    CREATED,
    UPDATED,
    CONFLICT,
    FAILED,
    /** The Secret was deleted, or released under deletionPolicy Retain. */
    REMOVED
  }

  /** An outcome with no problem to report. */
  public static NamespaceOutcome of(String namespace, Result result) {
    return new NamespaceOutcome(namespace, result, "", "");
  }

  /** True when the namespace now holds the wanted Secret. */
  public boolean isSynced() {
    return result == Result.UNCHANGED || result == Result.CREATED || result == Result.UPDATED;
  }

  /** The same result, with a problem to report although the namespace is synced. */
  public NamespaceOutcome contested(String contestReason, String contestMessage) {
    return new NamespaceOutcome(namespace, result, contestReason, contestMessage);
  }

  /** True when the namespace is synced but another sync wants a Secret of the same name there. */
  public boolean isContested() {
    return isSynced() && !reason.isEmpty();
  }

  /** True when the namespace failed for a reason that a retry soon may clear. */
  public boolean isRetriable() {
    return result == Result.FAILED && !PERMANENT_FAILURES.contains(reason);
  }

  /** True when this pass wrote the Secret. */
  public boolean isWrite() {
    return result == Result.CREATED || result == Result.UPDATED;
  }
}
