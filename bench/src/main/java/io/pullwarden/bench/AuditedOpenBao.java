package io.pullwarden.bench;

import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.ServerProcess;
import io.pullwarden.testenv.TestDependencies;
import io.pullwarden.testenv.VaultApi;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An OpenBao dev server (in memory, KV v2 at {@code secret/}) with a file audit device, so the
 * benchmark can count at the store what the agent asked of it. testenv's {@code OpenBaoServer}
 * cannot be used: OpenBao refuses to enable an audit device through its API ("use declarative,
 * config-based audit device management instead"), so this one is started with a config file that
 * declares it. The audit log holds HMACs of tokens and values, never the values.
 */
final class AuditedOpenBao implements AutoCloseable {

  private final ServerProcess process;
  private final URI address;
  private final VaultApi root;
  private final Path auditLog;

  private AuditedOpenBao(ServerProcess process, URI address, VaultApi root, Path auditLog) {
    this.process = process;
    this.address = address;
    this.root = root;
    this.auditLog = auditLog;
  }

  /** Starts the server with its audit log and config in {@code directory}; returns when ready. */
  static AuditedOpenBao start(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path auditLog = directory.resolve("openbao-audit.log").toAbsolutePath();
    Files.deleteIfExists(auditLog);
    Path config = directory.resolve("openbao-audit.hcl");
    Files.writeString(
        config,
        "audit \"file\" \"bench\" {\n  options {\n    file_path = \"" + auditLog + "\"\n  }\n}\n");
    int port = FreePort.withFreeNeighbour();
    String rootToken = "root-" + UUID.randomUUID();
    URI address = URI.create("http://127.0.0.1:" + port);
    ServerProcess process =
        ServerProcess.start(
            "openbao-bench",
            List.of(
                TestDependencies.bao().toString(),
                "server",
                "-dev",
                "-dev-listen-address=127.0.0.1:" + port,
                "-dev-root-token-id=" + rootToken,
                "-dev-no-store-token",
                "-config=" + config.toAbsolutePath()),
            Map.of());
    VaultApi root = VaultApi.plainHttp(address, rootToken);
    try {
      process.awaitReady(
          Duration.ofSeconds(60),
          () -> {
            root.read("sys/health");
            return Files.exists(auditLog);
          });
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
    return new AuditedOpenBao(process, address, root, auditLog);
  }

  URI address() {
    return address;
  }

  /** The API with the root token: for setting up, and for writing new versions. */
  VaultApi root() {
    return root;
  }

  Path auditLog() {
    return auditLog;
  }

  @Override
  public void close() {
    process.close();
  }
}
