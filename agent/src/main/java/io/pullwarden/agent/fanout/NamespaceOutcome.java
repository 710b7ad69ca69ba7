package io.pullwarden.agent.fanout;

/**
 * What happened to one namespace in a fan-out pass. {@code reason} and {@code message} are set for
 * conflicts and failures and never contain credential material.
 */
public record NamespaceOutcome(String namespace, Result result, String reason, String message) {

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

  static NamespaceOutcome of(String namespace, Result result) {
    return new NamespaceOutcome(namespace, result, "", "");
  }

  /** True when the namespace now holds the wanted Secret. */
  public boolean isSynced() {
    return result == Result.UNCHANGED || result == Result.CREATED || result == Result.UPDATED;
  }

  /** True when this pass wrote the Secret. */
  public boolean isWrite() {
    return result == Result.CREATED || result == Result.UPDATED;
  }
}
