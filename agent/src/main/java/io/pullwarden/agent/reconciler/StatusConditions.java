package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.pullwarden.agent.customresource.HasConditions;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Sets Kubernetes-style conditions on a status. A condition keeps its lastTransitionTime while its
 * status stays the same, so rewriting an unchanged condition changes nothing and causes no write.
 */
final class StatusConditions {

  static final String READY = "Ready";
  static final String DEGRADED = "Degraded";

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
