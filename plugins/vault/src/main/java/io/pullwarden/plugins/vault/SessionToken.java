package io.pullwarden.plugins.vault;

import java.time.Duration;
import java.time.Instant;

/**
 * The session's own Vault token as the session holds it: what Vault granted, when (by the context's
 * clock), and the TTL the last login granted, which tells a renewal that Vault cut short (the token
 * nears its max TTL) from an ordinary one. {@link #toString()} never shows the token.
 */
record SessionToken(TokenGrant grant, Instant obtainedAt, Duration loginTtl) {

  static SessionToken loggedIn(TokenGrant grant, Instant now) {
    return new SessionToken(grant, now, grant.ttl());
  }

  SessionToken renewed(TokenGrant renewal, Instant now) {
    return new SessionToken(renewal, now, loginTtl);
  }

  String token() {
    return grant.token();
  }

  /** Whether the token lasts forever (Vault reports a TTL of 0, as for a root token). */
  boolean expires() {
    return !grant.ttl().isZero();
  }

  Instant expiresAt() {
    return obtainedAt.plus(grant.ttl());
  }

  @Override
  public String toString() {
    return "SessionToken[" + grant + ", obtainedAt=" + obtainedAt + "]";
  }
}
