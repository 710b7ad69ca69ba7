package io.pullwarden.plugins.awsecr;

import io.pullwarden.plugin.Credential;
import java.time.Instant;

/** A token the session obtained, as the credential handed to the agent, and when to replace it. */
record IssuedToken(Credential credential, Instant issuedAt, Instant renewAt) {

  boolean isDue(Instant now) {
    return TokenLifetime.isDue(now, issuedAt, renewAt);
  }
}
