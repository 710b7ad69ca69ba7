package io.pullwarden.plugins.awsecr;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a {@code GetAuthorizationToken} answer: the base64 {@code user:password} token, the
 * expiry ECR reported (which may be missing or, from moto, in the past) and the registry's proxy
 * endpoint. {@link #toString()} never shows the token.
 */
record AuthorizationData(String token, Optional<Instant> expiresAt, String proxyEndpoint) {

  @Override
  public String toString() {
    return "AuthorizationData[proxyEndpoint="
        + proxyEndpoint
        + ", expiresAt="
        + expiresAt.map(Instant::toString).orElse("-")
        + "]";
  }
}
