package io.pullwarden.plugins.vault;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory Vault behind {@link VaultGateway}: secrets are answers keyed by path (with {@code
 * ?query} when there is one), tokens are issued by logins and refused once revoked, and every call
 * is recorded so tests can count exactly which requests a session made.
 */
final class FakeGateway implements VaultGateway {

  final Map<String, Map<String, Object>> answers = new HashMap<>();
  final Map<String, VaultFailure> failures = new HashMap<>();
  final List<String> calls = new CopyOnWriteArrayList<>();
  final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  Duration loginTtl = Duration.ofHours(1);
  Duration renewalTtl = Duration.ofHours(1);
  boolean renewable = true;
  VaultFailure loginFailure;
  VaultFailure renewalFailure;
  VaultFailure healthFailure;
  ServerState state = new ServerState(true, false);
  boolean closed;
  private volatile int issued;

  @Override
  public URI address() {
    return URI.create("https://vault.test:8200");
  }

  @Override
  public TokenGrant loginKubernetes(String mount, String role, String jwt) throws VaultFailure {
    calls.add("login kubernetes " + mount + " " + role + " " + jwt);
    return issue();
  }

  @Override
  public TokenGrant loginAppRole(String mount, String roleId, String secretId) throws VaultFailure {
    calls.add("login approle " + mount + " " + roleId);
    return issue();
  }

  @Override
  public TokenGrant lookupSelf(String token) throws VaultFailure {
    calls.add("lookup-self");
    check(token);
    return new TokenGrant(token, "accessor-static", loginTtl, renewable);
  }

  @Override
  public TokenGrant renewSelf(String token) throws VaultFailure {
    calls.add("renew-self");
    if (renewalFailure != null) {
      throw renewalFailure;
    }
    check(token);
    return new TokenGrant(token, "accessor-renewed", renewalTtl, renewable);
  }

  @Override
  public Map<String, Object> read(String token, String path, String query) throws VaultFailure {
    String key = query.isEmpty() ? path : path + "?" + query;
    calls.add("read " + key);
    return answer(token, key);
  }

  @Override
  public Map<String, Object> write(String token, String path, Map<String, Object> body)
      throws VaultFailure {
    calls.add("write " + path + " " + body);
    Map<String, Object> answer = answers.get(path);
    if (answer == null && !failures.containsKey(path)) {
      check(token);
      return Map.of();
    }
    return answer(token, path);
  }

  @Override
  public ServerState health() throws VaultFailure {
    if (healthFailure != null) {
      throw healthFailure;
    }
    return state;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Every token issued so far stops working, as after {@code auth/token/revoke}. */
  void revokeAllTokens() {
    validTokens.clear();
  }

  long count(String prefix) {
    return calls.stream().filter(call -> call.startsWith(prefix)).count();
  }

  private TokenGrant issue() throws VaultFailure {
    if (loginFailure != null) {
      throw loginFailure;
    }
    issued++;
    String token = "token-" + issued;
    validTokens.add(token);
    return new TokenGrant(token, "accessor-" + issued, loginTtl, renewable);
  }

  private Map<String, Object> answer(String token, String key) throws VaultFailure {
    check(token);
    VaultFailure failure = failures.get(key);
    if (failure != null) {
      throw failure;
    }
    Map<String, Object> answer = answers.get(key);
    if (answer == null) {
      throw new VaultFailure(404, List.of());
    }
    return answer;
  }

  private void check(String token) throws VaultFailure {
    if (!validTokens.contains(token)) {
      throw new VaultFailure(403, List.of("permission denied"));
    }
  }
}
