package io.pullwarden.plugin;

/**
 * Renewal and revocation of leased credentials, for stores such as Vault whose dynamic secrets
 * expire unless renewed. The agent decides when (about two thirds into the lease, and a new
 * credential before the lease's maximum TTL); the plugin only talks to the store.
 */
public interface LeaseControl {

  /**
   * Extends {@code lease}. The returned lease carries the TTL the store granted, which is shorter
   * than asked for when the lease nears its maximum TTL.
   *
   * @throws SourceException when the lease is gone or the store refuses
   */
  Lease renew(Lease lease) throws SourceException;

  /** Ends {@code lease} early, after the credential it belongs to has been replaced. */
  void revoke(Lease lease) throws SourceException;
}
