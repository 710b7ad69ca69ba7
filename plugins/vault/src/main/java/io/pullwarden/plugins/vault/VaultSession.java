package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Lease;
import io.pullwarden.plugin.LeaseControl;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A logged-in session on one Vault server, shared by every PullSecretSync of its CredentialSource.
 * {@link #version} costs one {@code metadata/} read for KV v2 and nothing for the other forms
 * (empty: KV v1 has no version call, and a leased read would issue a new credential); {@link
 * #fetch} makes exactly one read. Every call goes through the {@link TokenKeeper}, which renews the
 * session's token and logs in again when Vault refuses it.
 */
final class VaultSession implements CredentialSession {

  private final VaultGateway gateway;
  private final TokenKeeper keeper;
  private final SourceContext context;
  private final String identity;
  private final VaultLeases leases;
  private final ContentVersion contentVersion = new ContentVersion();
  private volatile boolean closed;

  VaultSession(VaultGateway gateway, TokenKeeper keeper, SourceContext context, String identity) {
    this.gateway = gateway;
    this.keeper = keeper;
    this.context = context;
    this.identity = identity;
    this.leases = new VaultLeases(gateway, keeper, context, identity);
  }

  @Override
  public Credential fetch(Settings ref) throws SourceException {
    VaultRef vaultRef = VaultRef.parse(ref);
    ensureOpen();
    return switch (vaultRef) {
      case VaultRef.KvV2 kv -> {
        String query = kv.version().isPresent() ? "version=" + kv.version().getAsLong() : "";
        Map<String, Object> data = data(read(kv.dataPath(), query, kv), kv);
        Map<String, Object> metadata = object(data.get("metadata"));
        yield credential(data(data, kv), kv, KvVersion.fromData(metadata));
      }
      case VaultRef.KvV1 kv -> unleased(data(read(kv.readPath(), "", kv), kv), kv);
      case VaultRef.Read read -> {
        Map<String, Object> answer = read(read.readPath(), "", read);
        Map<String, Object> data = data(answer, read);
        Object leaseId = answer.get("lease_id");
        if (!(leaseId instanceof String id) || id.isEmpty()) {
          yield unleased(data, read);
        }
        Object seconds = answer.get("lease_duration");
        Lease lease =
            new Lease(
                id,
                Duration.ofSeconds(seconds instanceof Number n ? Math.max(0, n.longValue()) : 0),
                Boolean.TRUE.equals(answer.get("renewable")),
                context.clock().instant());
        yield credential(data, read, id).withLease(lease);
      }
    };
  }

  @Override
  public Optional<String> version(Settings ref) throws SourceException {
    VaultRef vaultRef = VaultRef.parse(ref);
    ensureOpen();
    if (!(vaultRef instanceof VaultRef.KvV2 kv)) {
      return Optional.empty();
    }
    Map<String, Object> metadata = data(read(kv.metadataPath(), "", kv), kv);
    return Optional.of(KvVersion.fromMetadata(metadata, kv.version(), kv.describeSecret()));
  }

  @Override
  public Optional<LeaseControl> leases() {
    return Optional.of(leases);
  }

  @Override
  public Health health() {
    if (closed) {
      return Health.error("the vault session for " + gateway.address() + " is closed");
    }
    try {
      ServerState state = gateway.health();
      if (state.sealed()) {
        return Health.error("Vault at " + gateway.address() + " is sealed; unseal it");
      }
      if (!state.initialized()) {
        return Health.error("Vault at " + gateway.address() + " is not initialized");
      }
    } catch (VaultFailure failure) {
      return Health.error(
          FailureMapping.forCall(failure, gateway.address(), "checking its health", "", identity)
              .getMessage());
    } catch (RuntimeException e) {
      return Health.error(
          "checking Vault at " + gateway.address() + " failed: " + e.getClass().getSimpleName());
    }
    return keeper
        .problem()
        .map(problem -> Health.error("not logged in to Vault: " + problem))
        .orElseGet(Health::ready);
  }

  /** The keeper of the session's token, for tests that watch renewals and logins. */
  TokenKeeper keeper() {
    return keeper;
  }

  @Override
  public void close() {
    closed = true;
    keeper.close();
    gateway.close();
  }

  private Map<String, Object> read(String path, String query, VaultRef ref) throws SourceException {
    try {
      return keeper.call(token -> gateway.read(token, path, query));
    } catch (VaultFailure failure) {
      throw FailureMapping.forCall(
          failure, gateway.address(), "reading " + ref.describe(), ref.describe(), identity);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the vault session for " + gateway.address() + " is closed");
    }
  }

  private Credential unleased(Map<String, Object> data, VaultRef ref)
      throws SourceException.InvalidConfig {
    CredentialSecret secret = CredentialMapping.secret(data, ref.fields(), ref.describe());
    Optional<String> server = CredentialMapping.server(data, ref.fields(), ref.describe());
    return credential(data, ref, contentVersion.of(secret, server));
  }

  private static Credential credential(Map<String, Object> data, VaultRef ref, String version)
      throws SourceException.InvalidConfig {
    Credential credential =
        Credential.of(CredentialMapping.secret(data, ref.fields(), ref.describe()), version);
    Optional<String> server = CredentialMapping.server(data, ref.fields(), ref.describe());
    return server.isPresent() ? credential.withServer(server.get()) : credential;
  }

  /** The {@code data} object of an answer; an answer without one is a secret that is not there. */
  private static Map<String, Object> data(Map<String, Object> answer, VaultRef ref)
      throws SourceException.NotFound {
    Object data = answer.get("data");
    if (!(data instanceof Map<?, ?>)) {
      throw new SourceException.NotFound(ref.describe() + " holds no data");
    }
    return object(data);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }
}
