package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A real container registry (Debian {@code docker-registry}, CNCF distribution 2.8) with htpasswd
 * basic auth, filesystem storage in a temporary directory and plain HTTP on a free loopback port.
 * It exists so that tests can prove a Pullwarden-written {@code .dockerconfigjson} really
 * authenticates: push an image with {@link Skopeo}, then pull it with the written credentials.
 * Users can be added while it runs (distribution re-reads the htpasswd file when it changes).
 */
public final class RegistryServer implements AutoCloseable {

  private static final Path REGISTRY = Path.of("/usr/bin/docker-registry");
  private static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");

  private final ServerProcess process;
  private final Path dir;
  private final String host;
  private final String username;
  private final String password;
  private final String caPem;

  private RegistryServer(
      ServerProcess process,
      Path dir,
      String host,
      String username,
      String password,
      String caPem) {
    this.process = process;
    this.dir = dir;
    this.host = host;
    this.username = username;
    this.password = password;
    this.caPem = caPem;
  }

  /** Starts the registry with one generated user; returns once that user can log in. */
  public static RegistryServer start() {
    return start("docker-registry");
  }

  /**
   * As {@link #start()}, logging to {@code target/testenv-logs/<name>.log}: a registry of its own,
   * for a test that counts the requests in its log.
   */
  public static RegistryServer start(String name) {
    return start(name, false);
  }

  /**
   * As {@link #start(String)}, serving HTTPS with a certificate for 127.0.0.1 from a throwaway CA
   * of its own ({@link #caCertificatePem()}), as a registry with a private CA is.
   */
  public static RegistryServer startTls(String name) {
    return start(name, true);
  }

  /**
   * As {@link #startTls(String)}, but as the registry behind a DNS name with no port, such as ECR's
   * {@code <account>.dkr.ecr.<region>.amazonaws.com}: HTTPS on port 443 of the loopback {@code
   * address} (127.0.0.2 and the like are loopback too on Linux; port 443 needs root) with a
   * certificate for {@code hostName} from a CA of its own. {@link #host()} is {@code hostName}. The
   * name leads nowhere by itself: the JVM under test maps it to {@code address} with {@code
   * -Djdk.net.hosts.file} ({@link HostsFile}).
   *
   * @throws IllegalStateException when something else listens on {@code address}:443
   */
  public static RegistryServer startTls(String name, String hostName, String address) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(address, 443));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot serve "
              + hostName
              + " on "
              + address
              + ":443 ("
              + e.getMessage()
              + "): run the tests as root (as CI does), and not two test runs that use it at once"
              + " on one machine (EcrVerifyIT)",
          e);
    }
    return start(
        name,
        address + ":443",
        hostName,
        dir -> {
          NodePki pki = NodePki.serving(dir, hostName, address);
          return new Serving(
              pki.certificate("server"), pki.privateKey("server"), pki.certificate("ca"));
        });
  }

  private static RegistryServer start(String name, boolean tls) {
    String address = "127.0.0.1:" + FreePort.next();
    if (!tls) {
      return start(name, address, address, null);
    }
    return start(
        name,
        address,
        address,
        dir -> {
          NodePki pki = NodePki.create(dir, "registry");
          return new Serving(
              pki.certificate("apiserver"), pki.privateKey("apiserver"), pki.certificate("ca"));
        });
  }

  /** A TLS registry's certificate, its key and the CA that signed it. */
  private record Serving(Path certificate, Path key, Path ca) {}

  /**
   * Starts the registry listening on {@code listen}, known as {@code host}; over TLS with what
   * {@code tls} makes in a directory it is given, plain http when {@code tls} is null.
   */
  private static RegistryServer start(
      String name, String listen, String host, Function<Path, Serving> tls) {
    String registry = TestDependencies.debianBinary("docker-registry", REGISTRY).toString();
    TestDependencies.debianBinary("apache2-utils", HTPASSWD);
    Path dir = TempDirectory.create("pullwarden-registry");
    String username = "pullwarden";
    String password = randomPassword();
    try {
      Files.createFile(dir.resolve("htpasswd"));
      appendUser(dir, username, password);
      String tlsConfig = "";
      String caPem = null;
      HttpClient client = null;
      if (tls != null) {
        Serving serving = tls.apply(dir.resolve("pki"));
        tlsConfig =
            "  tls:\n    certificate: %s\n    key: %s\n"
                .formatted(serving.certificate(), serving.key());
        caPem = Files.readString(serving.ca());
        client =
            HttpClient.newBuilder()
                .sslContext(CaTrust.trustingOnly(serving.ca()))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
      }
      // Under http:, before auth:.
      Path config =
          Files.writeString(
              dir.resolve("config.yml"),
              config(dir, listen).replace("\nauth:\n", "\n" + tlsConfig + "auth:\n"));
      ServerProcess process =
          ServerProcess.start(name, List.of(registry, "serve", config.toString()), Map.of());
      // The probe goes to the address it listens on: the certificate names that address too.
      URI base = URI.create((tls != null ? "https://" : "http://") + listen + "/v2/");
      String basic = basicAuth(username, password);
      HttpClient tlsClient = client;
      process.awaitReady(
          Duration.ofSeconds(30),
          () ->
              tlsClient == null
                  ? LoopbackHttp.send(HttpRequest.newBuilder(base).header("Authorization", basic))
                          .statusCode()
                      == 200
                  : tlsStatus(tlsClient, base, basic) == 200);
      return new RegistryServer(process, dir, host, username, password, caPem);
    } catch (IOException e) {
      TempDirectory.deleteQuietly(dir);
      throw new UncheckedIOException("could not prepare the registry in " + dir, e);
    } catch (RuntimeException e) {
      TempDirectory.deleteQuietly(dir);
      throw e;
    }
  }

  /**
   * {@code 127.0.0.1:PORT}, or the host name of {@link #startTls(String, String, String)}: the
   * image-reference prefix and the {@code auths} key to write.
   */
  public String host() {
    return host;
  }

  /** The PEM of the CA that signed a TLS registry's certificate; null for plain http. */
  public String caCertificatePem() {
    return caPem;
  }

  private static int tlsStatus(HttpClient client, URI base, String basic) {
    try {
      return client
          .send(
              HttpRequest.newBuilder(base).header("Authorization", basic).build(),
              java.net.http.HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The user created at start-up. */
  public String username() {
    return username;
  }

  /** That user's password, generated per run. Never print it. */
  public String password() {
    return password;
  }

  /** Adds a user (bcrypt, as distribution requires); it can log in right away. */
  public synchronized void addUser(String user, String userPassword) {
    try {
      appendUser(dir, user, userPassword);
    } catch (IOException e) {
      throw new UncheckedIOException("could not add a registry user", e);
    }
  }

  /**
   * Gives {@code user} a new password (the old one stops working as soon as the registry sees the
   * file change, which distribution checks on each request).
   */
  public synchronized void changePassword(String user, String newPassword) {
    try {
      writeUsers(dir, line -> !line.startsWith(user + ":"), user, newPassword);
    } catch (IOException e) {
      throw new UncheckedIOException("could not change a registry password", e);
    }
  }

  /**
   * The lines of this registry's log so far: one {@code response completed} line per request, with
   * {@code http.request.uri}, {@code http.request.useragent}, {@code http.response.status} and,
   * once a login succeeded, {@code auth.user.name}. Distribution never logs a password.
   */
  public List<String> logLines() {
    return process.output().lines().toList();
  }

  @Override
  public void close() {
    process.close();
    TempDirectory.deleteQuietly(dir);
  }

  /** A random password that needs no quoting anywhere (URL-safe Base64, 24 bytes). */
  static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String basicAuth(String user, String userPassword) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + userPassword).getBytes(StandardCharsets.UTF_8));
  }

  private static String config(Path dir, String host) {
    return config(
        dir,
        host,
        """
          htpasswd:
            realm: pullwarden-test
            path: %s
        """
            .formatted(dir.resolve("htpasswd")));
  }

  /**
   * The registry's configuration: filesystem storage under {@code dir}, plain http on {@code host},
   * and {@code auth}, the lines under {@code auth:} (indented by two spaces).
   */
  static String config(Path dir, String host, String auth) {
    return """
        version: 0.1
        log:
          level: info
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: %s
          secret: %s
        auth:
        """
            .formatted(dir.resolve("storage"), host, randomPassword())
        + auth;
  }

  /** Adds {@code user} to the htpasswd file (see {@link #writeUsers}). */
  static void appendUser(Path dir, String user, String userPassword) throws IOException {
    writeUsers(dir, line -> true, user, userPassword);
  }

  /**
   * Keeps the users whose lines {@code keep} accepts and adds {@code user}, hashed with {@code
   * htpasswd -niB}, which reads the password from standard input so that it never shows up in a
   * process list; then replaces the file in one atomic move so the running registry never reads
   * half of it.
   */
  static void writeUsers(Path dir, Predicate<String> keep, String user, String userPassword)
      throws IOException {
    if (user.isEmpty() || user.contains(":") || userPassword.contains("\n")) {
      throw new IllegalArgumentException(
          "registry user names cannot contain ':'; nor passwords newlines");
    }
    Process htpasswd =
        new ProcessBuilder(HTPASSWD.toString(), "-niB", user).redirectErrorStream(true).start();
    try (var stdin = htpasswd.getOutputStream()) {
      stdin.write(userPassword.getBytes(StandardCharsets.UTF_8));
    }
    String entry = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!htpasswd.waitFor(30, TimeUnit.SECONDS) || htpasswd.exitValue() != 0) {
        throw new IllegalStateException("htpasswd failed for user " + user);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Path file = dir.resolve("htpasswd");
    Path next = dir.resolve("htpasswd.next");
    String kept =
        Files.readAllLines(file).stream()
            .filter(keep)
            .map(line -> line + "\n")
            .collect(Collectors.joining());
    Files.writeString(next, kept + entry.strip() + "\n");
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
