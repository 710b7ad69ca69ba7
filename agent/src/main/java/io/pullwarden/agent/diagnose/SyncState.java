package io.pullwarden.agent.diagnose;

import io.fabric8.kubernetes.api.model.Condition;
import io.pullwarden.agent.customresource.PullSecretSync;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What a diagnosis says about the PullSecretSync that manages a pull Secret: whether it exists, its
 * Ready condition and its credential's expiry ({@code status.expiresAt}).
 *
 * @param name the sync's name (from the Secret's {@code pullwarden.io/sync} label)
 * @param exists whether the sync exists
 * @param ready its Ready condition, if it has one
 * @param expiresAt when its credential expires, if it does
 */
record SyncState(
    String name, boolean exists, Optional<Condition> ready, Optional<Instant> expiresAt) {

  static SyncState of(String name, Optional<PullSecretSync> sync) {
    if (sync.isEmpty() || sync.get().getStatus() == null) {
      return new SyncState(name, sync.isPresent(), Optional.empty(), Optional.empty());
    }
    var status = sync.get().getStatus();
    Optional<Condition> ready =
        status.getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    return new SyncState(name, true, ready, parse(status.getExpiresAt()));
  }

  String describe() {
    if (!exists) {
      return "the Secret is labelled as PullSecretSync "
          + name
          + "'s, which does not exist (or this user cannot read it)";
    }
    return "managed by PullSecretSync "
        + name
        + ": Ready="
        + ready.map(c -> c.getStatus() + " (" + c.getReason() + ")").orElse("unknown")
        + expiresAt.map(t -> ", credential expires " + t).orElse(", credential does not expire");
  }

  private static Optional<Instant> parse(String text) {
    try {
      return Optional.ofNullable(text).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
