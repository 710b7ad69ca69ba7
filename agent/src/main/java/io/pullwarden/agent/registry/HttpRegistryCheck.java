package io.pullwarden.agent.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The {@link RegistryCheck} a container runtime would make, over the JDK's HTTP client. Bounded:
 * the whole handshake (at most four requests, their bodies included) has one hard deadline, after
 * which its connections are closed; redirects are followed only on the same scheme, host and port
 * (a redirect elsewhere would carry the credential to a host the user did not name, so it ends the
 * check as {@link Unverified}); token bodies are read up to 64 KiB. The credential goes to the
 * registry, and to the Bearer realm the registry names only when that realm is on the registry's
 * host or one the target lists ({@link TokenRealm}). With a repository, the token is tried on the
 * repository's tags list, as a pull would use it.
 */
public final class HttpRegistryCheck implements RegistryCheck {

  /** How long one whole handshake may take. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** How much longer than the deadline the caller waits before it gives up on the handshake. */
  private static final Duration GRACE = Duration.ofSeconds(1);

  /** Handshakes run on virtual threads, so one that hangs holds no platform thread. */
  private static final ExecutorService HANDSHAKES = Executors.newVirtualThreadPerTaskExecutor();

  private static final int MAX_REDIRECTS = 3;
  private static final int MAX_TOKEN_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Distribution's repository name grammar (lower case components separated by '/'). */
  private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+([._/-][a-z0-9]+)*");

  private final Duration timeout;

  public HttpRegistryCheck() {
    this(TIMEOUT);
  }

  HttpRegistryCheck(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public Outcome check(Target target) {
    RegistryEndpoint endpoint;
    try {
      endpoint = RegistryEndpoint.of(target.server());
    } catch (IllegalArgumentException e) {
      return new Unverified(e.getMessage());
    }
    HttpClient client;
    try {
      client = client(target.tls());
    } catch (GeneralSecurityException e) {
      return new Unverified("the registry's caBundle cannot be used: " + e.getMessage());
    }
    // The whole handshake runs on a thread of its own under one hard deadline: the HTTP client's
    // request timeout covers only the wait for headers, and a registry that drips a body byte by
    // byte would otherwise hold the check (and every sync waiting for it) for ever.
    CompletableFuture<Outcome> running =
        CompletableFuture.supplyAsync(() -> checkWith(client, endpoint, target), HANDSHAKES);
    try {
      return running.get(timeout.toMillis() + GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      return new Unverified(
          endpoint.base().getScheme()
              + "://"
              + endpoint.base().getRawAuthority()
              + " did not complete the handshake within "
              + timeout.toSeconds()
              + " s");
    } catch (ExecutionException e) {
      return new Unverified("the check failed: " + e.getCause().getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Unverified("interrupted while checking " + endpoint.base());
    } finally {
      // Closes every connection at once: close() would wait for an exchange still dripping.
      client.shutdownNow();
    }
  }

  /** A client that follows no redirect by itself and trusts certificates as {@code tls} says. */
  private HttpClient client(RegistryTls tls) throws GeneralSecurityException {
    return HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(tls.context())
        .build();
  }

  private Outcome checkWith(HttpClient client, RegistryEndpoint endpoint, Target target) {
    Instant deadline = Instant.now().plus(timeout);
    Optional<RegistryEndpoint> plain = endpoint.plainHttp();
    if (plain.isEmpty()) {
      return handshake(client, endpoint, target, deadline, null);
    }
    // A loopback registry named without a scheme: try TLS briefly (a plain-http server may never
    // answer a TLS hello), then plain http, as containerd and Docker do for localhost.
    Instant probe = Instant.now().plus(timeout.dividedBy(4));
    String[] tlsFailure = new String[1];
    Outcome tls = handshake(client, endpoint, target, probe, tlsFailure);
    if (tls != null) {
      return tls;
    }
    Outcome plainOutcome = handshake(client, plain.get(), target, deadline, null);
    return plainOutcome instanceof Unverified unverified
        ? new Unverified(tlsFailure[0] + "; over plain http: " + unverified.reason())
        : plainOutcome;
  }

  /**
   * The handshake with one endpoint. When {@code tlsFailure} is given (a probe), null if TLS failed
   * or timed out before the registry said anything, with why in {@code tlsFailure[0]}.
   */
  private Outcome handshake(
      HttpClient client,
      RegistryEndpoint endpoint,
      Target target,
      Instant deadline,
      String[] tlsFailure) {
    URI v2 = endpoint.versionCheck();
    try {
      HttpResponse<Void> open = send(client, v2, Optional.empty(), deadline);
      int status = open.statusCode();
      if (status == 200) {
        return new Accepted("the registry needs no login");
      }
      if (status != 401) {
        return unexpected(status, open.request().uri());
      }
      Optional<Challenge> challenge = Challenge.first(open.headers().allValues("WWW-Authenticate"));
      if (challenge.isEmpty()) {
        return new Unverified(
            "HTTP 401 from " + where(open.request().uri()) + " with no Basic or Bearer challenge");
      }
      String basic = basic(target.login());
      if (challenge.get().scheme().equals("basic")) {
        HttpResponse<Void> login = send(client, v2, Optional.of(basic), deadline);
        return judge(login.statusCode(), login.request().uri(), "the registry accepted the login");
      }
      return bearer(client, endpoint, challenge.get(), target, basic, deadline);
    } catch (Refusal refusal) {
      return new Unverified(refusal.getMessage());
    } catch (IOException e) {
      if (tlsFailure != null && (e instanceof SSLException || e instanceof HttpTimeoutException)) {
        tlsFailure[0] = describe(e, endpoint.base());
        return null;
      }
      return new Unverified(describe(e, endpoint.base()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Unverified("interrupted while checking " + endpoint.base());
    }
  }

  private Outcome bearer(
      HttpClient client,
      RegistryEndpoint endpoint,
      Challenge challenge,
      Target target,
      String basic,
      Instant deadline)
      throws IOException, InterruptedException, Refusal {
    Optional<String> realmText = challenge.parameter("realm");
    if (realmText.isEmpty()) {
      return new Unverified("the registry's Bearer challenge names no realm");
    }
    URI realm = TokenRealm.allowed(realmText.get(), endpoint.base(), target.realmHosts());
    List<String> query = new ArrayList<>();
    challenge.parameter("service").ifPresent(s -> query.add("service=" + encode(s)));
    Optional<String> repository = target.repository().map(endpoint::repository);
    repository.ifPresent(r -> query.add("scope=" + encode("repository:" + r + ":pull")));
    URI tokenUri =
        query.isEmpty()
            ? realm
            : URI.create(
                realm + (realm.getRawQuery() == null ? "?" : "&") + String.join("&", query));
    // The sync's caBundle and insecureSkipTLSVerify are about the registry's own host: a token
    // service elsewhere (listed by the source's owner) is trusted as the JDK trusts it.
    boolean elsewhere = !realm.getHost().equalsIgnoreCase(endpoint.base().getHost());
    HttpClient tokenClient;
    try {
      tokenClient = elsewhere ? client(RegistryTls.DEFAULT) : client;
    } catch (GeneralSecurityException e) {
      return new Unverified("the JDK's trusted CAs cannot be used: " + e.getMessage());
    }
    TokenAnswer answer;
    try {
      answer = token(tokenClient, tokenUri, realm, basic, deadline);
    } finally {
      if (tokenClient != client) {
        tokenClient.shutdownNow();
      }
    }
    if (answer.failure() != null) {
      return answer.failure();
    }
    String token = answer.token();
    if (repository.isEmpty()) {
      return new Accepted("the registry's token service issued a token");
    }
    return pullAllowed(client, endpoint, repository.get(), token, deadline);
  }

  /** A token, or why there is none. */
  private record TokenAnswer(String token, Outcome failure) {}

  /** Asks the token service at {@code tokenUri} for a token with the login in {@code basic}. */
  private TokenAnswer token(
      HttpClient client, URI tokenUri, URI realm, String basic, Instant deadline)
      throws InterruptedException {
    HttpResponse<InputStream> response;
    try {
      response =
          client.send(
              request(tokenUri, Optional.of(basic), deadline),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      // Named for what failed: the registry answered, its token service did not.
      return new TokenAnswer(
          null, new Unverified("the registry's token service: " + describe(e, realm)));
    }
    String token;
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status != 200) {
        return new TokenAnswer(null, judge(status, tokenUri, ""));
      }
      JsonNode json = JSON.readTree(body.readNBytes(MAX_TOKEN_BYTES)); // within the deadline
      token = json.path("token").asText(json.path("access_token").asText(""));
    } catch (IOException e) {
      return new TokenAnswer(
          null, new Unverified("the token service at " + where(tokenUri) + " sent no JSON token"));
    }
    if (token.isBlank()) {
      return new TokenAnswer(
          null, new Unverified("the token service at " + where(tokenUri) + " returned no token"));
    }
    return new TokenAnswer(token, null);
  }

  /**
   * Whether the token lets the login pull {@code repository}: a token service may issue a token to
   * a login it knows yet leave the asked scope out of it (the distribution token server grants only
   * repositories under the user's own name; Harbor and GitLab grant a project's members), so the
   * token alone does not say the kubelet's pull will pass. Listing the repository's tags needs the
   * same pull right as a manifest: 200, or 404 for a repository that does not exist yet (the
   * registry looks only after the token passed), is Accepted; 401/403 is the refusal the pull would
   * get (some registries also answer 401 for a repository that does not exist, as a pull of it
   * would be refused).
   */
  private Outcome pullAllowed(
      HttpClient client,
      RegistryEndpoint endpoint,
      String repository,
      String token,
      Instant deadline)
      throws IOException, InterruptedException, Refusal {
    if (!REPOSITORY.matcher(repository).matches()) {
      return new Unverified("the repository " + repository + " is not a repository name");
    }
    URI tags = endpoint.base().resolve("/v2/" + repository + "/tags/list?n=1");
    HttpResponse<Void> listed = send(client, tags, Optional.of("Bearer " + token), deadline);
    int status = listed.statusCode();
    if (status == 200 || status == 404) {
      return new Accepted(
          "the registry's token service issued a token that may pull " + repository);
    }
    return judge(status, listed.request().uri(), "");
  }

  /** Accepted on 200, Rejected on 401/403, Unverified otherwise. */
  private static Outcome judge(int status, URI uri, String accepted) {
    if (status == 200) {
      return new Accepted(accepted);
    }
    if (status == 401 || status == 403) {
      return new Rejected(status, where(uri));
    }
    return unexpected(status, uri);
  }

  private static Outcome unexpected(int status, URI uri) {
    String hint = status >= 500 ? "" : " (is this a Registry V2 API?)";
    return new Unverified("HTTP " + status + " from " + where(uri) + hint);
  }

  /** Sends a GET, following redirects on the same origin only. */
  private HttpResponse<Void> send(
      HttpClient client, URI uri, Optional<String> authorization, Instant deadline)
      throws IOException, InterruptedException, Refusal {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      HttpResponse<Void> response =
          client.send(
              request(current, authorization, deadline), HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      Optional<String> location = response.headers().firstValue("Location");
      if (status < 300 || status >= 400 || status == 304 || location.isEmpty()) {
        return response;
      }
      URI next = current.resolve(location.get());
      if (!sameOrigin(current, next)) {
        throw new Refusal(
            where(current)
                + " redirects to another host ("
                + next.getScheme()
                + "://"
                + next.getRawAuthority()
                + "); the check does not send the credential there");
      }
      if (hop >= MAX_REDIRECTS) {
        throw new Refusal(where(uri) + " redirected more than " + MAX_REDIRECTS + " times");
      }
      current = next;
    }
  }

  private HttpRequest request(URI uri, Optional<String> authorization, Instant deadline)
      throws HttpTimeoutException {
    Duration left = Duration.between(Instant.now(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw new HttpTimeoutException(
          "the handshake took longer than " + timeout.toSeconds() + " s");
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(left)
            .header("User-Agent", "pullwarden")
            .header("Accept", "application/json");
    authorization.ifPresent(value -> builder.header("Authorization", value));
    return builder.GET().build();
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
        && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost()))
        && port(a) == port(b);
  }

  static int port(URI uri) {
    return uri.getPort() >= 0
        ? uri.getPort()
        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private String describe(IOException e, URI base) {
    String target = base.getScheme() + "://" + base.getRawAuthority();
    return switch (e) {
      case HttpConnectTimeoutException t -> "connecting to " + target + " timed out";
      case HttpTimeoutException t ->
          target + " did not answer within " + timeout.toSeconds() + " s";
      case ConnectException c -> "could not connect to " + target + " (" + causeOf(c) + ")";
      case SSLException s -> "TLS with " + target + " failed (" + causeOf(s) + ")";
      default -> "could not reach " + target + " (" + causeOf(e) + ")";
    };
  }

  /** The innermost cause's class and message: JDK network messages never hold the credential. */
  private static String causeOf(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** {@code GET scheme://host[:port]/path}, without the query (which may name a scope). */
  static String where(URI uri) {
    return "GET " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
  }

  private static String basic(Login login) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The check will not go on: a redirect or realm it does not send the credential to. */
  static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
      super(message);
    }
  }
}
