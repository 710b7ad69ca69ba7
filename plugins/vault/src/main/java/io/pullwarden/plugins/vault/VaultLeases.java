package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.Lease;
import io.pullwarden.plugin.LeaseControl;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.time.Duration;
import java.util.Map;

/**
 * Renews and revokes the leases of credentials this session read ({@code sys/leases/renew} and
 * {@code sys/leases/revoke}), with the session's token. It only talks to Vault: when to renew, when
 * to fetch a new credential before the max TTL and when to revoke the old one is the agent's call.
 * Renewal asks for no particular increment, so Vault grants the secrets engine's default TTL,
 * capped by the lease's max TTL; the returned lease carries the granted TTL from now.
 */
final class VaultLeases implements LeaseControl {

  private final VaultGateway gateway;
  private final TokenKeeper keeper;
  private final SourceContext context;
  private final String identity;

  VaultLeases(VaultGateway gateway, TokenKeeper keeper, SourceContext context, String identity) {
    this.gateway = gateway;
    this.keeper = keeper;
    this.context = context;
    this.identity = identity;
  }

  @Override
  public Lease renew(Lease lease) throws SourceException {
    Map<String, Object> answer = call("sys/leases/renew", lease, "renewed");
    Object granted = answer.get("lease_duration");
    if (!(granted instanceof Number seconds)) {
      throw new SourceException.Transient(
          "Vault at "
              + gateway.address()
              + " renewed lease "
              + lease.id()
              + " without a lease_duration",
          null);
    }
    return new Lease(
        lease.id(),
        Duration.ofSeconds(Math.max(0, seconds.longValue())),
        Boolean.TRUE.equals(answer.get("renewable")),
        context.clock().instant());
  }

  @Override
  public void revoke(Lease lease) throws SourceException {
    call("sys/leases/revoke", lease, "revoked");
  }

  private Map<String, Object> call(String path, Lease lease, String done) throws SourceException {
    try {
      return keeper.call(token -> gateway.write(token, path, Map.of("lease_id", lease.id())));
    } catch (VaultFailure failure) {
      if (failure.status() == 400 || failure.status() == 404) {
        // Vault answers 400 ("lease not found", "lease is not renewable") for a lease it will not
        // extend: expired, revoked, or never renewable.
        throw new SourceException.NotFound(
            "lease "
                + lease.id()
                + " cannot be "
                + done
                + " by Vault at "
                + gateway.address()
                + " ("
                + failure.getMessage()
                + "): it expired, was revoked or is not renewable; fetch a new credential");
      }
      String action = (done.equals("renewed") ? "renewing" : "revoking") + " lease " + lease.id();
      throw FailureMapping.forCall(
          failure, gateway.address(), action, "lease " + lease.id(), identity);
    }
  }
}
