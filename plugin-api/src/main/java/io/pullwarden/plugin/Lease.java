package io.pullwarden.plugin;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A store's lease on a credential: its id (not a secret; Vault lease ids are paths), how long it
 * lasts from {@code obtainedAt}, and whether it can be renewed.
 */
public record Lease(String id, Duration ttl, boolean renewable, Instant obtainedAt) {

  public Lease {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(obtainedAt, "obtainedAt");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("lease ttl must not be negative: " + ttl);
    }
  }

  /** When the lease ends unless renewed. */
  public Instant expiresAt() {
    return obtainedAt.plus(ttl);
  }
}
