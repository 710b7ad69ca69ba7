package io.pullwarden.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.pullwarden.agent.registry.RegistryCheck.Accepted;
import io.pullwarden.agent.registry.RegistryCheck.Login;
import io.pullwarden.agent.registry.RegistryCheck.Outcome;
import io.pullwarden.agent.registry.RegistryCheck.Rejected;
import io.pullwarden.agent.registry.RegistryCheck.Target;
import io.pullwarden.agent.registry.RegistryCheck.Unverified;
import io.pullwarden.testenv.RegistryServer;
import io.pullwarden.testenv.TokenRegistryServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry check's Bearer handshake against a real registry with token auth: Debian's
 * docker-registry (distribution 2.8) and the distribution authors' token server, which logs users
 * in from htpasswd and grants pulls only of repositories under {@code <username>/} (a token for any
 * other scope is still issued, without that access). A wrong password or an unknown user is refused
 * by the token service; a login without access to the repository is refused by the registry, as the
 * kubelet's pull would be; a token service that is down never makes a rejection; a realm on another
 * host sees the login only where the source lists it.
 */
class BearerRegistryCheckIT {

  private static TokenRegistryServer registry;
  private final HttpRegistryCheck check = new HttpRegistryCheck();

  @BeforeAll
  static void start() {
    registry = TokenRegistryServer.start("bearer-registry");
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void theRightLoginIsAcceptedWithAndWithoutARepository() {
    Login login = new Login(registry.username(), registry.password());
    assertThat(check.check(target(registry, login, null))).isInstanceOf(Accepted.class);
    Outcome withRepository = check.check(target(registry, login, "pullwarden/app"));
    assertThat(withRepository)
        .isEqualTo(
            new Accepted(
                "the registry's token service issued a token that may pull pullwarden/app"));
    // The token service logs "complete" after it sent the token.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(registry.tokenServiceLogLines())
                    .as("the token service's log")
                    .anyMatch(line -> line.contains("get token complete"))
                    .noneMatch(line -> line.contains(registry.password())));
  }

  @Test
  void aLoginWithoutAccessToTheRepositoryIsRejectedByTheRegistry() {
    String user = "other-" + UUID.randomUUID().toString().substring(0, 8);
    String password = UUID.randomUUID().toString();
    registry.addUser(user, password);
    // The token service issues this user a token for pullwarden/app, with no access in it.
    Outcome outcome = check.check(target(registry, new Login(user, password), "pullwarden/app"));
    assertThat(outcome)
        .isEqualTo(
            new Rejected(401, "GET http://" + registry.host() + "/v2/pullwarden/app/tags/list"));
    // Its own repositories it may pull, though none exists yet (404 after the token passed).
    assertThat(check.check(target(registry, new Login(user, password), user + "/app")))
        .isInstanceOf(Accepted.class);
  }

  @Test
  void aWrongPasswordAndAnUnknownUserAreRejectedByTheTokenService() {
    String tokenService = "GET " + registry.tokenRealm();
    assertThat(check.check(target(registry, new Login(registry.username(), "wrong"), null)))
        .isEqualTo(new Rejected(401, tokenService));
    assertThat(
            check.check(
                target(registry, new Login(registry.username(), "wrong"), "pullwarden/app")))
        .isEqualTo(new Rejected(401, tokenService));
    assertThat(check.check(target(registry, new Login("nobody", registry.password()), null)))
        .isEqualTo(new Rejected(401, tokenService));
  }

  @Test
  void aTokenServiceThatIsDownIsUnverifiedNeverRejected() {
    try (TokenRegistryServer down = TokenRegistryServer.start("bearer-down-registry")) {
      down.stopTokenService();
      Outcome outcome =
          check.check(target(down, new Login(down.username(), down.password()), null));
      assertThat(outcome).isInstanceOf(Unverified.class);
      URI realm = down.tokenRealm();
      assertThat(((Unverified) outcome).reason())
          .contains(
              "the registry's token service: could not connect to http://"
                  + realm.getRawAuthority());
    }
  }

  @Test
  void aRealmOnAnotherHostNeverReceivesTheLogin() throws IOException {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
    elsewhere.createContext(
        "/",
        exchange -> {
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          received.add(authorization == null ? "no Authorization" : "an Authorization header");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    elsewhere.start();
    URI realm = URI.create("http://127.0.0.2:" + elsewhere.getAddress().getPort() + "/token");
    try (TokenRegistryServer hostile =
        TokenRegistryServer.startWithRealm("bearer-hostile-registry", realm)) {
      Outcome outcome =
          check.check(
              target(hostile, new Login(hostile.username(), hostile.password()), "pullwarden/app"));
      assertThat(outcome).isInstanceOf(Unverified.class);
      assertThat(((Unverified) outcome).reason()).contains("http://127.0.0.2");
      assertThat(received).as("requests the other host received").isEmpty();
    } finally {
      elsewhere.stop(0);
    }
  }

  @Test
  void aTokenServiceOnAnotherHostGetsTheLoginOnlyWhereTheSourceListsIt() {
    try (TokenRegistryServer split =
        TokenRegistryServer.startWithTokenServiceOn("bearer-split-registry", "127.0.0.2")) {
      Login login = new Login(split.username(), split.password());
      for (List<String> notEnough : List.of(List.<String>of(), List.of("127.0.0.2:*"))) {
        Outcome outcome = check.check(target(split, login, "pullwarden/app", notEnough));
        assertThat(outcome).as("source lists %s", notEnough).isInstanceOf(Unverified.class);
        assertThat(((Unverified) outcome).reason()).contains("plain http on another host");
      }
      assertThat(split.tokenServiceLogLines())
          .as("the agent's requests in the token service's log before the source lists it")
          .noneMatch(line -> line.contains("http.request.useragent=pullwarden "));

      Outcome listed =
          check.check(target(split, login, "pullwarden/app", List.of("http://127.0.0.2:*")));
      assertThat(listed).isInstanceOf(Accepted.class);
      Outcome wrong =
          check.check(
              target(
                  split,
                  new Login(split.username(), "wrong"),
                  null,
                  List.of("http://127.0.0.2:*")));
      assertThat(wrong).isEqualTo(new Rejected(401, "GET " + split.tokenRealm()));
    }
  }

  /**
   * A sync's {@code insecureSkipTLSVerify} (or caBundle) is for its registry's host: a listed token
   * service on another host is trusted as the JDK trusts it. The "token service" here is a TLS
   * registry with a private CA on 127.0.0.1; the registry that names it answers on 127.0.0.2.
   */
  @Test
  void aSyncsTlsSettingsDoNotReachATokenServiceOnAnotherHost() throws IOException {
    try (RegistryServer untrusted = RegistryServer.startTls("bearer-untrusted-realm")) {
      String realm = "https://" + untrusted.host() + "/v2/";
      HttpServer naming = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
      naming.createContext(
          "/",
          exchange -> {
            exchange
                .getResponseHeaders()
                .add("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"x\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
          });
      naming.start();
      try {
        Target target =
            new Target(
                "http://127.0.0.2:" + naming.getAddress().getPort(),
                new Login(untrusted.username(), untrusted.password()),
                Optional.empty(),
                new RegistryTls(Optional.empty(), true),
                List.of("127.0.0.1:*"));

        Outcome outcome = check.check(target);

        assertThat(outcome).isInstanceOf(Unverified.class);
        assertThat(((Unverified) outcome).reason())
            .startsWith("the registry's token service:")
            .contains("TLS with https://" + untrusted.host());
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(untrusted.logLines())
                        .as("the untrusted token service's log")
                        .anyMatch(line -> line.contains("TLS handshake error"))
                        .noneMatch(line -> line.contains("useragent=pullwarden")));
      } finally {
        naming.stop(0);
      }
    }
  }

  private static Target target(TokenRegistryServer server, Login login, String repository) {
    return target(server, login, repository, List.of());
  }

  private static Target target(
      TokenRegistryServer server, Login login, String repository, List<String> realmHosts) {
    return new Target(
        server.host(), login, Optional.ofNullable(repository), RegistryTls.DEFAULT, realmHosts);
  }
}
