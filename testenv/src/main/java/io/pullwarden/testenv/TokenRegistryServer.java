package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real registry with Bearer token auth, as Docker Hub, GHCR, Harbor and GitLab have: the Debian
 * {@code docker-registry} (distribution 2.8) configured with {@code auth: token}, and the
 * distribution authors' own token service ({@code contrib/token-server}) on a loopback port of its
 * own. The token service logs users in from a bcrypt htpasswd file and grants pulls and pushes only
 * of repositories under {@code <username>/}; any other scope it leaves out of the token, which it
 * still issues. The registry trusts the tokens by the self-signed certificate of the token
 * service's EC P-256 key, both generated per run with openssl. Both log to {@code
 * target/testenv-logs/} ({@code <name>.log} and {@code <name>-token-server.log}).
 */
public final class TokenRegistryServer implements AutoCloseable {

  /** The {@code service} the registry names in its challenge and the token's audience. */
  public static final String SERVICE = "pullwarden-test-registry";

  private static final Path REGISTRY = Path.of("/usr/bin/docker-registry");
  private static final Path OPENSSL = Path.of("/usr/bin/openssl");
  private static final String ISSUER = "pullwarden-test-token-issuer";
  private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

  private final ServerProcess registry;
  private final ServerProcess tokenServer;
  private final Path dir;
  private final String host;
  private final URI realm;
  private final String password;

  private TokenRegistryServer(
      ServerProcess registry,
      ServerProcess tokenServer,
      Path dir,
      String host,
      URI realm,
      String password) {
    this.registry = registry;
    this.tokenServer = tokenServer;
    this.dir = dir;
    this.host = host;
    this.realm = realm;
    this.password = password;
  }

  /**
   * Starts the token service and the registry that names it as its realm, with one generated user
   * ({@link #username()}); returns once {@code GET /v2/} answers 401 with a Bearer challenge for
   * that realm, the token service issues that user a token, and the registry accepts the token.
   */
  public static TokenRegistryServer start(String name) {
    return start(name, "127.0.0.1", Optional.empty());
  }

  /**
   * As {@link #start(String)}, with the token service on another loopback address, such as {@code
   * 127.0.0.2}: a realm on another host than the registry's, as GitLab's is.
   */
  public static TokenRegistryServer startWithTokenServiceOn(String name, String tokenHost) {
    return start(name, tokenHost, Optional.empty());
  }

  /**
   * As {@link #start(String)}, but the registry's challenge names {@code realm} instead of its own
   * token service: a registry that sends clients' logins elsewhere. Ready once {@code GET /v2/}
   * answers 401 with a Bearer challenge for {@code realm}; nothing is sent there.
   */
  public static TokenRegistryServer startWithRealm(String name, URI realm) {
    return start(name, "127.0.0.1", Optional.of(realm));
  }

  private static TokenRegistryServer start(
      String name, String tokenHost, Optional<URI> otherRealm) {
    String registryBinary = TestDependencies.debianBinary("docker-registry", REGISTRY).toString();
    String tokenBinary = TestDependencies.tokenServer().toString();
    TestDependencies.debianBinary("openssl", OPENSSL);
    Path dir = TempDirectory.create("pullwarden-token-registry");
    String host = "127.0.0.1:" + FreePort.next();
    String tokenAddress = tokenHost + ":" + FreePort.next();
    URI ownRealm = URI.create("http://" + tokenAddress + "/token/");
    URI realm = otherRealm.orElse(ownRealm);
    String username = "pullwarden";
    String password = RegistryServer.randomPassword();
    ServerProcess tokenServer = null;
    try {
      Files.createFile(dir.resolve("htpasswd"));
      RegistryServer.appendUser(dir, username, password);
      Path key = dir.resolve("token-signing.key");
      Path certificate = dir.resolve("token-signing.crt");
      // libtrust reads a SEC1 "EC PRIVATE KEY"; the registry trusts the key of this certificate.
      Command.require(
          OPENSSL,
          Duration.ofMinutes(1),
          "ecparam",
          "-name",
          "prime256v1",
          "-genkey",
          "-noout",
          "-out",
          key.toString());
      Command.require(
          OPENSSL,
          Duration.ofMinutes(1),
          "req",
          "-new",
          "-x509",
          "-key",
          key.toString(),
          "-out",
          certificate.toString(),
          "-days",
          "2",
          "-subj",
          "/CN=" + ISSUER);
      tokenServer =
          ServerProcess.start(
              name + "-token-server",
              List.of(
                  tokenBinary,
                  "-addr",
                  tokenAddress,
                  "-realm",
                  "pullwarden-test-token",
                  "-issuer",
                  ISSUER,
                  "-key",
                  key.toString(),
                  "-passwd",
                  dir.resolve("htpasswd").toString()),
              Map.of());
      String auth =
          """
            token:
              realm: %s
              service: %s
              issuer: %s
              rootcertbundle: %s
          """
              .formatted(realm, SERVICE, ISSUER, certificate);
      Path config =
          Files.writeString(dir.resolve("config.yml"), RegistryServer.config(dir, host, auth));
      ServerProcess registry =
          ServerProcess.start(name, List.of(registryBinary, "serve", config.toString()), Map.of());
      TokenRegistryServer server =
          new TokenRegistryServer(registry, tokenServer, dir, host, ownRealm, password);
      String challenge = "Bearer realm=\"" + realm + "\",service=\"" + SERVICE + "\"";
      registry.awaitReady(
          Duration.ofSeconds(30),
          () ->
              challenge.equals(server.challenge())
                  && (otherRealm.isPresent() || server.tokenWorks(username, password)));
      return server;
    } catch (IOException e) {
      if (tokenServer != null) {
        tokenServer.close();
      }
      TempDirectory.deleteQuietly(dir);
      throw new UncheckedIOException("could not prepare the token registry in " + dir, e);
    } catch (RuntimeException e) {
      if (tokenServer != null) {
        tokenServer.close();
      }
      TempDirectory.deleteQuietly(dir);
      throw e;
    }
  }

  /** {@code 127.0.0.1:PORT}: the image-reference prefix and the {@code auths} key to write. */
  public String host() {
    return host;
  }

  /** The token service's endpoint, {@code http://127.0.0.1:PORT/token/} (or its other host). */
  public URI tokenRealm() {
    return realm;
  }

  /** The user created at start-up; it may pull and push {@code pullwarden/*} only. */
  public String username() {
    return "pullwarden";
  }

  /** That user's password, generated per run. Never print it. */
  public String password() {
    return password;
  }

  /** Adds a user of the token service; it can log in right away. */
  public synchronized void addUser(String user, String userPassword) {
    try {
      RegistryServer.appendUser(dir, user, userPassword);
    } catch (IOException e) {
      throw new UncheckedIOException("could not add a token service user", e);
    }
  }

  /**
   * Gives {@code user} a new password; the token service reads the file again on its next login.
   */
  public synchronized void changePassword(String user, String newPassword) {
    try {
      RegistryServer.writeUsers(dir, line -> !line.startsWith(user + ":"), user, newPassword);
    } catch (IOException e) {
      throw new UncheckedIOException("could not change a token service password", e);
    }
  }

  /** Stops the token service; the registry keeps running and keeps naming it as its realm. */
  public void stopTokenService() {
    tokenServer.close();
  }

  /** The registry's log lines so far (one {@code response completed} line per request). */
  public List<String> registryLogLines() {
    return registry.output().lines().toList();
  }

  /**
   * The token service's log lines so far: {@code authenticated client}, {@code get token complete}
   * or {@code get token authentication challenge} per request, with the user's name, never a
   * password.
   */
  public List<String> tokenServiceLogLines() {
    return tokenServer.output().lines().toList();
  }

  @Override
  public void close() {
    registry.close();
    tokenServer.close();
    TempDirectory.deleteQuietly(dir);
  }

  /** The registry's challenge to a request with no credentials, or null when it gives none. */
  private String challenge() {
    HttpResponse<String> open = LoopbackHttp.get(URI.create("http://" + host + "/v2/"));
    return open.statusCode() == 401
        ? open.headers().firstValue("WWW-Authenticate").orElse(null)
        : null;
  }

  /** True when the token service issues {@code user} a token that the registry accepts. */
  private boolean tokenWorks(String user, String userPassword) {
    String query =
        "?service="
            + SERVICE
            + "&scope="
            + URLEncoder.encode("repository:" + user + "/app:pull", StandardCharsets.UTF_8);
    HttpResponse<String> token =
        LoopbackHttp.send(
            HttpRequest.newBuilder(URI.create(realm + query))
                .header("Authorization", RegistryServer.basicAuth(user, userPassword)));
    Matcher matcher = TOKEN.matcher(token.body());
    if (token.statusCode() != 200 || !matcher.find()) {
      return false;
    }
    return LoopbackHttp.send(
                HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"))
                    .header("Authorization", "Bearer " + matcher.group(1)))
            .statusCode()
        == 200;
  }
}
