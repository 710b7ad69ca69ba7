package io.pullwarden.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pullwarden.agent.registry.RegistryCheck.Accepted;
import io.pullwarden.agent.registry.RegistryCheck.Login;
import io.pullwarden.agent.registry.RegistryCheck.Outcome;
import io.pullwarden.agent.registry.RegistryCheck.Rejected;
import io.pullwarden.agent.registry.RegistryCheck.Target;
import io.pullwarden.agent.registry.RegistryCheck.Unverified;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The handshake's decisions against a JDK HTTP server that answers as a registry would; the real
 * registries are in the agent's ITs.
 */
class HttpRegistryCheckTest {

  private static final String GOOD = "right-password";
  private static final String BASIC_GOOD =
      "Basic "
          + Base64.getEncoder().encodeToString(("robot:" + GOOD).getBytes(StandardCharsets.UTF_8));

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final HttpRegistryCheck check = new HttpRegistryCheck(Duration.ofSeconds(2));

  @AfterEach
  void stop() {
    servers.forEach(server -> server.stop(0));
  }

  @Test
  void anOpenRegistryAcceptsAnything() throws IOException {
    String host = serve((exchange, auth) -> respond(exchange, 200, null));
    assertThat(check(host, "whatever")).isInstanceOf(Accepted.class);
  }

  @Test
  void basicAuthAcceptsTheRightPasswordAndRejectsAWrongOneWithItsStatus() throws IOException {
    String host = serve(HttpRegistryCheckTest::basicRegistry);
    assertThat(check(host, GOOD)).isInstanceOf(Accepted.class);
    assertThat(check(host, "wrong")).isEqualTo(new Rejected(401, "GET http://" + host + "/v2/"));
  }

  @Test
  void bearerAsksTheRealmForAPullScopedTokenWithTheLogin() throws IOException {
    String host =
        serve(
            (exchange, auth) -> {
              String path = exchange.getRequestURI().getPath();
              if (path.equals("/token")) {
                if (BASIC_GOOD.equals(auth)) {
                  respond(exchange, 200, "{\"token\":\"t0k3n\"}");
                } else {
                  respond(exchange, 401, "{}");
                }
                return;
              }
              if (path.equals("/v2/team/app/tags/list") && "Bearer t0k3n".equals(auth)) {
                respond(exchange, 200, "{}");
                return;
              }
              String port = String.valueOf(exchange.getLocalAddress().getPort());
              exchange
                  .getResponseHeaders()
                  .add(
                      "WWW-Authenticate",
                      "Bearer realm=\"http://127.0.0.1:" + port + "/token\",service=\"reg\"");
              respond(exchange, 401, null);
            });
    Target target =
        new Target(host, new Login("robot", GOOD), Optional.of("team/app"), RegistryTls.DEFAULT);
    assertThat(check.check(target)).isInstanceOf(Accepted.class);
    assertThat(seen)
        .contains("/token?service=reg&scope=repository:team/app:pull")
        .contains("/v2/team/app/tags/list?n=1");
    assertThat(check(host, "wrong")).isEqualTo(new Rejected(401, "GET http://" + host + "/token"));
    Target elsewhere =
        new Target(host, new Login("robot", GOOD), Optional.of("team/other"), RegistryTls.DEFAULT);
    assertThat(check.check(elsewhere))
        .as("a token that does not carry the pull scope of the repository")
        .isEqualTo(new Rejected(401, "GET http://" + host + "/v2/team/other/tags/list"));
  }

  @Test
  void aBearerRealmOnAnotherHostOverPlainHttpNeverGetsTheCredential() throws IOException {
    String host =
        serve(
            (exchange, auth) -> {
              exchange
                  .getResponseHeaders()
                  .add("WWW-Authenticate", "Bearer realm=\"http://attacker.test/token\"");
              respond(exchange, 401, null);
            });
    Outcome outcome = check(host, GOOD);
    assertThat(outcome).isInstanceOf(Unverified.class);
    assertThat(((Unverified) outcome).reason()).contains("plain http on another host");
  }

  @Test
  void anHttpsRealmOnAnotherHostGetsTheCredentialOnlyWhenTheTargetListsIt() throws IOException {
    String host =
        serve(
            (exchange, auth) -> {
              exchange
                  .getResponseHeaders()
                  .add("WWW-Authenticate", "Bearer realm=\"https://auth.other.test/token\"");
              respond(exchange, 401, null);
            });
    Outcome outcome = check(host, GOOD);
    assertThat(outcome).isInstanceOf(Unverified.class);
    assertThat(((Unverified) outcome).reason())
        .contains("https://auth.other.test is on another host than the registry")
        .contains("lists auth.other.test in spec.verifyRegistries");
    Target listed =
        new Target(
            host,
            new Login("robot", GOOD),
            Optional.empty(),
            RegistryTls.DEFAULT,
            List.of("*.other.test"));
    assertThat(((Unverified) check.check(listed)).reason())
        .as("listed: the check goes there (the name does not resolve)")
        .contains("the registry's token service: could not connect to https://auth.other.test")
        .doesNotContain("on another host");
  }

  @Test
  void aPlainHttpRealmOnAnotherHostNeedsAnHttpEntry() throws IOException {
    String tokenService =
        serve(
            (exchange, auth) ->
                respond(exchange, BASIC_GOOD.equals(auth) ? 200 : 401, "{\"token\":\"t\"}"));
    String host =
        serve(
            (exchange, auth) -> {
              exchange
                  .getResponseHeaders()
                  .add(
                      "WWW-Authenticate",
                      "Bearer realm=\"http://localhost:" + port(tokenService) + "/token\"");
              respond(exchange, 401, null);
            });
    for (List<String> notEnough : List.of(List.<String>of(), List.of("localhost:*"))) {
      Target target =
          new Target(
              host, new Login("robot", GOOD), Optional.empty(), RegistryTls.DEFAULT, notEnough);
      assertThat(check.check(target)).as("listed %s", notEnough).isInstanceOf(Unverified.class);
    }
    assertThat(seen).as("requests to the token service").noneMatch(p -> p.startsWith("/token"));
    Target consented =
        new Target(
            host,
            new Login("robot", GOOD),
            Optional.empty(),
            RegistryTls.DEFAULT,
            List.of("http://localhost:*"));
    assertThat(check.check(consented)).isInstanceOf(Accepted.class);
  }

  @Test
  void aRedirectToAnotherHostEndsTheCheckWithoutFollowingIt() throws IOException {
    String elsewhere = serve((exchange, auth) -> respond(exchange, 200, null));
    List<String> before = List.copyOf(seen);
    String host =
        serve(
            (exchange, auth) -> {
              exchange
                  .getResponseHeaders()
                  .add("Location", "http://localhost:" + port(elsewhere) + "/v2/");
              respond(exchange, 307, null);
            });
    Outcome outcome = check(host, GOOD);
    assertThat(outcome).isInstanceOf(Unverified.class);
    assertThat(((Unverified) outcome).reason()).contains("redirects to another host");
    assertThat(seen).as("requests after the redirect").hasSize(before.size() + 1);
  }

  @Test
  void serverErrorsAndUnreachableRegistriesAreUnverifiedNeverRejected() throws IOException {
    String failing = serve((exchange, auth) -> respond(exchange, 503, null));
    assertThat(check(failing, GOOD)).isInstanceOf(Unverified.class);
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    Outcome refused = check("127.0.0.1:" + closed, GOOD);
    assertThat(refused).isInstanceOf(Unverified.class);
    assertThat(((Unverified) refused).reason()).contains("127.0.0.1:" + closed);
    assertThat(check("no-such-registry.invalid", GOOD)).isInstanceOf(Unverified.class);
  }

  @Test
  void aRegistryThatDoesNotAnswerInTimeIsUnverified() throws IOException {
    String slow =
        serve(
            (exchange, auth) -> {
              try {
                Thread.sleep(5_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              respond(exchange, 200, null);
            });
    long start = System.nanoTime();
    assertThat(check(slow, GOOD)).isInstanceOf(Unverified.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void noOutcomeOrLoginPrintsTheCredential() throws IOException {
    String host = serve(HttpRegistryCheckTest::basicRegistry);
    assertThat(check(host, "wrong").toString()).doesNotContain("wrong");
    assertThat(new Login("robot", GOOD).toString()).doesNotContain(GOOD).doesNotContain("robot");
  }

  @Test
  @Timeout(30)
  void aRegistryThatDripsItsAnswerIsCutOffAtTheDeadline() throws IOException {
    String host =
        serve(
            (exchange, auth) -> {
              exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"slow\"");
              exchange.sendResponseHeaders(401, 100_000);
              try {
                for (int i = 0; i < 100_000; i++) {
                  exchange.getResponseBody().write('x');
                  exchange.getResponseBody().flush();
                  Thread.sleep(500);
                }
              } catch (IOException | InterruptedException closedByTheCheck) {
                // the check gave up and closed the connection
              } finally {
                exchange.close();
              }
            });

    Outcome outcome = check(host, GOOD);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Unverified.class,
            unverified ->
                assertThat(unverified.reason()).contains("did not complete the handshake"));
  }

  private Outcome check(String host, String password) {
    return check.check(
        new Target(host, new Login("robot", password), Optional.empty(), RegistryTls.DEFAULT));
  }

  private static void basicRegistry(HttpExchange exchange, String auth) throws IOException {
    if (BASIC_GOOD.equals(auth)) {
      respond(exchange, 200, "{}");
      return;
    }
    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
    respond(exchange, 401, null);
  }

  interface Handler {
    void handle(HttpExchange exchange, String authorization) throws IOException;
  }

  /** Starts a server on a loopback port; returns its host:port. */
  private String serve(Handler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String query = exchange.getRequestURI().getQuery();
          seen.add(exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query));
          handler.handle(exchange, exchange.getRequestHeaders().getFirst("Authorization"));
        });
    server.setExecutor(null);
    server.start();
    servers.add(server);
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private static int port(String host) {
    return Integer.parseInt(host.substring(host.indexOf(':') + 1));
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }
}
