package io.pullwarden.plugins.vault;

import java.time.Duration;
import java.util.Objects;

/**
 * A Vault token as a login, a renewal or a lookup returned it: the token, its accessor (which is
 * kept for tests and operators, but not logged), how long it lasts from now and whether it can be
 * renewed. A TTL of zero means the token never expires (a root token). {@link #toString()} never
 * shows the token.
 */
record TokenGrant(String token, String accessor, Duration ttl, boolean renewable) {

  TokenGrant {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(accessor, "accessor");
    Objects.requireNonNull(ttl, "ttl");
  }

  @Override
  public String toString() {
    return "TokenGrant[ttl=" + ttl + ", renewable=" + renewable + "]";
  }
}
