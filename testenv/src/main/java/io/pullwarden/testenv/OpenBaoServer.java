package io.pullwarden.testenv;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenBao dev server ({@code bao server -dev}) run from the binary {@code
 * scripts/install-test-deps} installed: in memory, unsealed, KV v2 mounted at {@code secret/}, the
 * database engine and the kubernetes and approle auth methods built in. It listens on a free
 * loopback port with a generated root token, and does not write a token file into the home
 * directory. This is the default {@link VaultServer}; {@link OpenBaoTlsServer} is its HTTPS twin.
 */
public final class OpenBaoServer implements VaultServer {

  /** The CA file {@code -dev-tls} writes into its certificate directory. */
  static final String CA_FILE = "vault-ca.pem";

  private static final Pattern UNSEAL_KEY =
      Pattern.compile("^Unseal Key: (\\S+)\\s*$", Pattern.MULTILINE);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final ServerProcess process;
  private final URI address;
  private final String rootToken;
  private final String unsealKey;
  private final VaultApi api;

  private OpenBaoServer(
      ServerProcess process, URI address, String rootToken, String unsealKey, VaultApi api) {
    this.process = process;
    this.address = address;
    this.rootToken = rootToken;
    this.unsealKey = unsealKey;
    this.api = api;
  }

  /** Starts a dev server over plain HTTP; returns once it reports healthy. */
  public static OpenBaoServer start() {
    return launch(null);
  }

  /** Starts a dev server over HTTPS; {@code certDir} must exist and receives the CA, cert, key. */
  static OpenBaoServer startTls(Path certDir) {
    return launch(certDir);
  }

  private static OpenBaoServer launch(Path certDir) {
    Path bao = TestDependencies.bao();
    int port = FreePort.withFreeNeighbour();
    String rootToken = "root-" + UUID.randomUUID();
    List<String> command =
        new ArrayList<>(
            List.of(
                bao.toString(),
                "server",
                "-dev",
                "-dev-listen-address=127.0.0.1:" + port,
                "-dev-root-token-id=" + rootToken,
                "-dev-no-store-token"));
    if (certDir != null) {
      command.addAll(List.of("-dev-tls", "-dev-tls-cert-dir=" + certDir));
    }
    URI address = URI.create((certDir == null ? "http" : "https") + "://127.0.0.1:" + port);
    ServerProcess process =
        ServerProcess.start(certDir == null ? "openbao" : "openbao-tls", command, Map.of());
    // The CA file appears only once the server runs, so the client is built inside the probe.
    AtomicReference<VaultApi> api = new AtomicReference<>();
    process.awaitReady(
        START_TIMEOUT,
        () -> {
          if (api.get() == null) {
            api.set(new VaultApi(address, rootToken, httpClient(certDir)));
          }
          api.get().read("sys/health");
          return unsealKeyIn(process.output()).isPresent();
        });
    String unsealKey = unsealKeyIn(process.output()).orElseThrow();
    return new OpenBaoServer(process, address, rootToken, unsealKey, api.get());
  }

  @Override
  public URI address() {
    return address;
  }

  @Override
  public String rootToken() {
    return rootToken;
  }

  @Override
  public String unsealKey() {
    return unsealKey;
  }

  @Override
  public VaultApi api() {
    return api;
  }

  @Override
  public String addressOfHostPort(int hostPort) {
    return "127.0.0.1:" + hostPort;
  }

  /** The server's log file, for a test that wants to point a reader at it. */
  public Path log() {
    return process.log();
  }

  @Override
  public void close() {
    process.close();
  }

  /** The unseal key from a dev server's start-up banner (OpenBao and Vault print the same). */
  static Optional<String> unsealKeyIn(String output) {
    Matcher matcher = UNSEAL_KEY.matcher(output);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private static HttpClient httpClient(Path certDir) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    if (certDir != null) {
      builder.sslContext(CaTrust.trustingOnly(certDir.resolve(CA_FILE)));
    }
    return builder.build();
  }
}
