package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.HasConditions;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Sets Kubernetes-style conditions on a status. A condition keeps its lastTransitionTime while its
 * status stays the same, so rewriting an unchanged condition changes nothing and causes no write.
 *
 * <p>Besides {@code Ready}, every status carries the two conditions kstatus reads (Flux, kpt, Argo
 * CD health): {@code Reconciling} True while the agent is still at work or retrying what time fixes
 * (kstatus: InProgress), {@code Stalled} True when a person must act (kstatus: Failed); never both.
 * With Ready True and neither, kstatus reports the resource Current.
 */
final class StatusConditions {

  static final String READY = "Ready";
  static final String DEGRADED = "Degraded";
  static final String RECONCILING = "Reconciling";
  static final String STALLED = "Stalled";

  private StatusConditions() {}

  static void set(
      HasConditions status,
      String type,
      boolean value,
      String reason,
      String message,
      long generation,
      Instant now) {
    String state = value ? "True" : "False";
    List<Condition> conditions = status.getConditions();
    Condition existing = get(status, type);
    String since =
        existing != null && state.equals(existing.getStatus())
            ? existing.getLastTransitionTime()
            : now.toString();
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(state)
            .withReason(reason)
            .withMessage(truncate(message))
            .withObservedGeneration(generation)
            .withLastTransitionTime(since)
            .build();
    if (existing != null) {
      conditions.set(conditions.indexOf(existing), updated);
    } else {
      conditions.add(updated);
    }
  }

  /**
   * Sets Ready from a pass's outcome, and Reconciling and Stalled to match: a resource that is not
   * ready is Stalled when its reason needs a person ({@link Reason#needsAPerson}), else
   * Reconciling.
   */
  static void settle(
      HasConditions status,
      boolean ready,
      String reason,
      String message,
      long generation,
      Instant now) {
    boolean stalled = !ready && Reason.needsAPerson(reason);
    set(status, READY, ready, reason, message, generation, now);
    set(status, RECONCILING, !ready && !stalled, reason, message, generation, now);
    set(status, STALLED, stalled, reason, message, generation, now);
  }

  /**
   * Marks work in progress (kstatus: InProgress) without touching Ready: the resource's last
   * outcome still stands while the agent works on the next.
   */
  static void reconciling(
      HasConditions status, String reason, String message, long generation, Instant now) {
    set(status, RECONCILING, true, reason, message, generation, now);
    set(status, STALLED, false, reason, message, generation, now);
  }

  /** The current condition of {@code type}, or null. */
  static Condition get(HasConditions status, String type) {
    return status.getConditions().stream()
        .filter(c -> Objects.equals(type, c.getType()))
        .findFirst()
        .orElse(null);
  }

  /**
   * True when {@code status} (which may be null) holds a condition of {@code type} that is True.
   */
  static boolean isTrue(HasConditions status, String type) {
    Condition condition = status == null ? null : get(status, type);
    return condition != null && "True".equals(condition.getStatus());
  }

  private static String truncate(String message) {
    return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
  }
}
