package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A throwaway PostgreSQL cluster from the Debian package: {@code initdb} into a temporary
 * directory, {@code postgres} on a free loopback port, SCRAM password authentication over TCP for a
 * superuser with a generated password. It is the database the Vault database secrets engine issues
 * real, renewable, revocable credentials for, and {@link #canLogin} tells a test what such a
 * credential is worth without a JDBC driver.
 */
public final class PostgresServer implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final String SUPERUSER = "postgres";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final PostgresInstallation installation;
  private final ScratchDirectory scratch;
  private final int port;
  private final String password;
  private ServerProcess process;

  private PostgresServer(PostgresInstallation installation, ScratchDirectory scratch) {
    this.installation = installation;
    this.scratch = scratch;
    this.port = FreePort.next();
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    this.password = HexFormat.of().formatHex(secret);
  }

  /** Creates and starts a cluster; returns once the superuser can log in over TCP. */
  public static PostgresServer start() {
    PostgresServer server =
        new PostgresServer(
            PostgresInstallation.find(), ScratchDirectory.create("pullwarden-postgres"));
    try {
      server.initialise();
      server.process =
          ServerProcess.start(
              "postgres",
              server.installation.serverCommand(
                  "postgres",
                  "-D",
                  server.dataDir().toString(),
                  "-p",
                  String.valueOf(server.port),
                  "-k",
                  server.socketDir().toString(),
                  "-c",
                  "listen_addresses=" + HOST,
                  "-c",
                  "fsync=off"),
              Map.of());
      server.process.awaitReady(START_TIMEOUT, () -> server.canLogin(SUPERUSER, server.password));
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Always {@code 127.0.0.1}: the server listens on loopback only. */
  public String host() {
    return HOST;
  }

  /** The TCP port. */
  public int port() {
    return port;
  }

  /** The superuser's name, {@code postgres}. */
  public String superuser() {
    return SUPERUSER;
  }

  /** The superuser's generated password, for configuring a Vault database connection. */
  public String superuserPassword() {
    return password;
  }

  /** Whether {@code user} can log in to database {@code postgres} over TCP and run a query. */
  public boolean canLogin(String user, String userPassword) {
    Command.Result result =
        Command.run(
            List.of(
                installation.client("psql").toString(),
                "-X",
                "-w",
                "-h",
                HOST,
                "-p",
                String.valueOf(port),
                "-U",
                user,
                "-d",
                "postgres",
                "-tA",
                "-c",
                "select 1"),
            Map.of("PGPASSWORD", userPassword, "PGCONNECT_TIMEOUT", "5", "PGSSLMODE", "disable"),
            Duration.ofSeconds(20));
    return result.succeeded() && result.output().strip().equals("1");
  }

  /** Stops the server (fast shutdown: open sessions are ended) and deletes its files. */
  @Override
  public void close() {
    try {
      if (process != null && process.isAlive()) {
        Command.run(
            installation.serverCommand(
                "pg_ctl", "-D", dataDir().toString(), "-m", "fast", "-w", "-t", "20", "stop"),
            Map.of(),
            Duration.ofSeconds(30));
      }
    } finally {
      if (process != null) {
        process.close();
      }
      scratch.close();
    }
  }

  private void initialise() {
    Path passwordFile = scratch.path().resolve("superuser-password");
    try {
      Files.createDirectories(socketDir());
      Files.writeString(passwordFile, password + "\n");
      installation.handOver(scratch.path());
      Command.Result initdb =
          Command.run(
              installation.serverCommand(
                  "initdb",
                  "-D",
                  dataDir().toString(),
                  "-U",
                  SUPERUSER,
                  "--pwfile=" + passwordFile,
                  "--auth-local=peer",
                  "--auth-host=scram-sha-256",
                  "-E",
                  "UTF8",
                  "--locale=C",
                  "--no-sync"),
              Map.of(),
              Duration.ofSeconds(60));
      if (!initdb.succeeded()) {
        throw new IllegalStateException(
            "initdb failed with exit code " + initdb.exitCode() + ":\n" + initdb.output());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare " + scratch.path(), e);
    } finally {
      passwordFile.toFile().delete();
    }
  }

  private Path dataDir() {
    return scratch.path().resolve("data");
  }

  private Path socketDir() {
    return scratch.path().resolve("sockets");
  }
}
