package io.pullwarden.plugins.vault;

import java.net.URI;
import java.util.Map;

/**
 * The Vault HTTP calls this plugin makes, and no others. Everything above it — which path to read,
 * when to log in again, how an answer becomes a credential — is plugin logic that unit tests drive
 * through a hand-written fake; {@link DriverGateway} is the one real implementation. Paths are
 * relative to {@code /v1/} and are used exactly as given (no KV v2 rewriting). Answers are the
 * whole JSON response body, as plain maps, lists, strings, numbers and booleans.
 */
interface VaultGateway extends AutoCloseable {

  /** The server's base URL, for messages. */
  URI address();

  /** {@code auth/<mount>/login} of the Kubernetes auth method with a ServiceAccount token. */
  TokenGrant loginKubernetes(String mount, String role, String jwt) throws VaultFailure;

  /** {@code auth/<mount>/login} of the AppRole auth method. */
  TokenGrant loginAppRole(String mount, String roleId, String secretId) throws VaultFailure;

  /** {@code auth/token/lookup-self}: what Vault knows about {@code token}. */
  TokenGrant lookupSelf(String token) throws VaultFailure;

  /** {@code auth/token/renew-self} with the token's default increment. */
  TokenGrant renewSelf(String token) throws VaultFailure;

  /** GET {@code path}; {@code query} (may be empty) is appended as {@code ?query}. */
  Map<String, Object> read(String token, String path, String query) throws VaultFailure;

  /** PUT {@code body} to {@code path}; an empty map when Vault answers 204. */
  Map<String, Object> write(String token, String path, Map<String, Object> body)
      throws VaultFailure;

  /** {@code sys/health}, unauthenticated; sealed and standby servers are answers, not failures. */
  ServerState health() throws VaultFailure;

  /** Releases the HTTP client; must not throw. */
  @Override
  void close();
}
