package io.pullwarden.plugins.vault;

import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.HealthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import io.github.jopenlibs.vault.rest.RestResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link VaultGateway} on vault-java-driver, with its quirks handled here and nowhere else:
 *
 * <ul>
 *   <li>The driver runs with KV engine version 1, so it sends every path as given; KV v2 {@code
 *       data/} and {@code metadata/} paths are built by the callers.
 *   <li>Every request goes through one {@link HttpClient} built by {@link TlsTrust}, which is how
 *       the CA, server name and skip-verify settings apply. The driver's {@code sys().leases()}
 *       ignores a configured client (it builds its own) and answers renewals with a plain response,
 *       so lease renewal and revocation are sent as logical writes to {@code sys/leases/renew} and
 *       {@code sys/leases/revoke} instead.
 *   <li>The driver never reads {@code VAULT_*} environment variables here: the CredentialSource
 *       alone decides where the agent connects and with which token.
 *   <li>Driver errors carry the response body in their message; only the {@code errors} array is
 *       kept (see {@link VaultFailure}).
 * </ul>
 */
final class DriverGateway implements VaultGateway {

  private static final int READ_TIMEOUT_SECONDS = 30;
  private static final String BODY_MARKER = "Response body: ";

  private final URI address;
  private final Optional<String> namespace;
  private final HttpClient http;
  private final Vault anonymous;
  private final AtomicReference<Map.Entry<String, Vault>> lastTokenClient = new AtomicReference<>();

  DriverGateway(URI address, Optional<String> namespace, HttpClient http) throws VaultFailure {
    this.address = address;
    this.namespace = namespace;
    this.http = http;
    this.anonymous = create(null);
  }

  @Override
  public URI address() {
    return address;
  }

  @Override
  public TokenGrant loginKubernetes(String mount, String role, String jwt) throws VaultFailure {
    try {
      return grant(anonymous.auth().loginByKubernetes(role, jwt, "auth/" + mount));
    } catch (VaultException e) {
      throw failure(e);
    }
  }

  @Override
  public TokenGrant loginAppRole(String mount, String roleId, String secretId) throws VaultFailure {
    try {
      return grant(anonymous.auth().loginByAppRole(mount, roleId, secretId));
    } catch (VaultException e) {
      throw failure(e);
    }
  }

  @Override
  public TokenGrant lookupSelf(String token) throws VaultFailure {
    try {
      LookupResponse lookup = client(token).auth().lookupSelf();
      return new TokenGrant(
          token,
          lookup.getAccessor() == null ? "" : lookup.getAccessor(),
          Duration.ofSeconds(Math.max(0, lookup.getTTL())),
          lookup.isRenewable());
    } catch (VaultException e) {
      throw failure(e);
    }
  }

  @Override
  public TokenGrant renewSelf(String token) throws VaultFailure {
    try {
      return grant(client(token).auth().renewSelf());
    } catch (VaultException e) {
      throw failure(e);
    }
  }

  @Override
  public Map<String, Object> read(String token, String path, String query) throws VaultFailure {
    try {
      String target = query.isEmpty() ? path : path + "?" + query;
      return answer(client(token).logical().read(target));
    } catch (VaultException e) {
      throw failure(e);
    }
  }

  @Override
  public Map<String, Object> write(String token, String path, Map<String, Object> body)
      throws VaultFailure {
    try {
      return answer(client(token).logical().write(path, body));
    } catch (VaultException e) {
      throw failure(e);
    }
  }

  @Override
  public ServerState health() throws VaultFailure {
    try {
      // sys/health exists in the root namespace only; with a namespace header it answers 400.
      HealthResponse health =
          anonymous
              .debug()
              .withNameSpace(null)
              .health(true, true, null, null, null, null, null, null);
      return new ServerState(
          !Boolean.FALSE.equals(health.getInitialized()), Boolean.TRUE.equals(health.getSealed()));
    } catch (VaultException e) {
      throw failure(e);
    }
  }

  @Override
  public void close() {
    http.shutdownNow();
  }

  /** One driver client per token, rebuilt only when the session's token changes. */
  private Vault client(String token) throws VaultFailure {
    if (token == null) {
      return anonymous;
    }
    Map.Entry<String, Vault> last = lastTokenClient.get();
    if (last != null && last.getKey().equals(token)) {
      return last.getValue();
    }
    Vault vault = create(token);
    lastTokenClient.set(Map.entry(token, vault));
    return vault;
  }

  private Vault create(String token) throws VaultFailure {
    try {
      VaultConfig config =
          new VaultConfig()
              .environmentLoader(NoEnvironment.INSTANCE)
              .address(address.toString())
              .httpClient(http)
              .readTimeout(READ_TIMEOUT_SECONDS);
      if (token != null) {
        config.token(token);
      }
      if (namespace.isPresent()) {
        config.nameSpace(namespace.get());
      }
      return Vault.create(config.build(), 1);
    } catch (VaultException e) {
      throw new VaultFailure(e);
    }
  }

  private static TokenGrant grant(AuthResponse auth) {
    return new TokenGrant(
        auth.getAuthClientToken(),
        auth.getTokenAccessor() == null ? "" : auth.getTokenAccessor(),
        Duration.ofSeconds(Math.max(0, auth.getAuthLeaseDuration())),
        auth.isAuthRenewable());
  }

  private static Map<String, Object> answer(LogicalResponse response) throws VaultFailure {
    RestResponse rest = response.getRestResponse();
    String body = new String(rest.getBody(), StandardCharsets.UTF_8);
    if (rest.getStatus() >= 300) {
      throw new VaultFailure(rest.getStatus(), errorsIn(body));
    }
    return body.isBlank() ? Map.of() : JsonValues.object(Json.parse(body));
  }

  private static VaultFailure failure(VaultException e) {
    if (e.getHttpStatusCode() > 0) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      int body = message.indexOf(BODY_MARKER);
      return new VaultFailure(
          e.getHttpStatusCode(),
          body < 0 ? List.of() : errorsIn(message.substring(body + BODY_MARKER.length())));
    }
    return new VaultFailure(e.getCause() == null ? e : e.getCause());
  }

  /** The {@code errors} array of an error body; anything else in it is dropped. */
  static List<String> errorsIn(String body) {
    try {
      JsonValue errors = Json.parse(body).asObject().get("errors");
      if (errors == null || !errors.isArray()) {
        return List.of();
      }
      return errors.asArray().values().stream()
          .filter(JsonValue::isString)
          .map(JsonValue::asString)
          .map(String::strip)
          .toList();
    } catch (RuntimeException notJson) {
      return List.of();
    }
  }

  /** Makes the driver ignore {@code VAULT_ADDR}, {@code VAULT_TOKEN} and friends. */
  private static final class NoEnvironment extends EnvironmentLoader {
    private static final long serialVersionUID = 1L;
    static final NoEnvironment INSTANCE = new NoEnvironment();

    @Override
    public String loadVariable(String name) {
      return null;
    }
  }
}
