package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.pullwarden.agent.customresource.HasConditions;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waiting for a status condition of a PullSecretSync or CredentialSource. A wait that times out
 * says which conditions the resource had instead, with their reasons and messages, rather than only
 * that the time ran out.
 */
final class StatusConditions {

  private StatusConditions() {}

  /**
   * Waits up to {@link TestCluster#PATIENCE} until {@code status} (null while there is none) has a
   * condition of {@code type} with status {@code expected}; returns it. {@code what} names the
   * resource in a failure.
   */
  static Condition awaitStatus(
      String what, Supplier<HasConditions> status, String type, String expected) {
    return awaitMatch(what, status, type, Condition::getStatus, expected);
  }

  /** As {@link #awaitStatus}, for a condition of {@code type} with {@code reason}. */
  static Condition awaitReason(
      String what, Supplier<HasConditions> status, String type, String reason) {
    return awaitMatch(what, status, type, Condition::getReason, reason);
  }

  private static Condition awaitMatch(
      String what,
      Supplier<HasConditions> status,
      String type,
      Function<Condition, String> field,
      String expected) {
    AtomicReference<Condition> found = new AtomicReference<>();
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> {
              HasConditions current = status.get();
              List<Condition> seen = current == null ? List.of() : current.getConditions();
              assertThat(seen)
                  .extracting(Condition::getType, field)
                  .as("%s's conditions; in full: %s", what, described(seen))
                  .contains(tuple(type, expected));
              found.set(
                  seen.stream()
                      .filter(c -> type.equals(c.getType()) && expected.equals(field.apply(c)))
                      .findFirst()
                      .orElseThrow());
            });
    return found.get();
  }

  /** Each condition's type, status, reason and message, for a failure to show the whole status. */
  private static List<String> described(List<Condition> conditions) {
    return conditions.stream()
        .map(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
        .toList();
  }
}
