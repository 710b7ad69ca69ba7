package io.pullwarden.plugin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One credential as read from a store: the secret material, an opaque version, the registry the
 * store says it belongs to (ECR's proxy endpoint, a Vault field), and when it stops working, as a
 * lease or a plain expiry. {@link #toString()} never shows the material.
 *
 * @param secret the username/password or the complete docker config
 * @param version changes whenever the material does; compared with {@link
 *     CredentialSession#version}
 * @param server the registry this credential is for, if the store knows; used when the
 *     PullSecretSync does not name one
 * @param lease the lease to renew, for leased credentials
 * @param expiresAt when the credential stops working, for credentials that expire without a lease
 */
public record Credential(
    CredentialSecret secret,
    String version,
    Optional<String> server,
    Optional<Lease> lease,
    Optional<Instant> expiresAt) {

  public Credential {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** A credential that does not expire. */
  public static Credential of(CredentialSecret secret, String version) {
    return new Credential(secret, version, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public Credential withServer(String registry) {
    return new Credential(secret, version, Optional.of(registry), lease, expiresAt);
  }

  public Credential withLease(Lease newLease) {
    return new Credential(secret, version, server, Optional.of(newLease), expiresAt);
  }

  public Credential withExpiry(Instant expiry) {
    return new Credential(secret, version, server, lease, Optional.of(expiry));
  }

  @Override
  public String toString() {
    return "Credential[version="
        + version
        + ", server="
        + server.orElse("-")
        + ", lease="
        + lease.map(Lease::id).orElse("-")
        + ", expiresAt="
        + expiresAt.map(Instant::toString).orElse("-")
        + "]";
  }
}
