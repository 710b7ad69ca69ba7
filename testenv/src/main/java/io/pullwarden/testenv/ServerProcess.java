package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One real server running as a child process of the test JVM. Its output goes to {@code
 * target/testenv-logs/<name>.log}; when it fails to become ready, the exception carries the end of
 * that log, so a failed start explains itself. A shutdown hook stops whatever is still running when
 * the JVM exits, so no server outlives the test run.
 */
public final class ServerProcess implements AutoCloseable {

  private static final Path LOG_DIR = Path.of("target", "testenv-logs");
  private static final Set<ServerProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> RUNNING.forEach(ServerProcess::close), "testenv-shutdown"));
  }

  private final String name;
  private final Process process;
  private final Path log;
  private final long logStart;

  private ServerProcess(String name, Process process, Path log, long logStart) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.logStart = logStart;
  }

  /** Starts {@code command} with {@code extraEnv} added to this JVM's environment. */
  public static ServerProcess start(
      String name, List<String> command, Map<String, String> extraEnv) {
    try {
      Files.createDirectories(LOG_DIR);
      Path log = LOG_DIR.resolve(name + ".log").toAbsolutePath();
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(extraEnv);
      // The log is appended to across runs; remember where this run's output begins.
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      ServerProcess server = new ServerProcess(name, builder.start(), log, logStart);
      RUNNING.add(server);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + ": " + command.get(0), e);
    }
  }

  /**
   * Polls {@code ready} until it answers true. Fails with the end of the server's log if the
   * process exits first or {@code timeout} passes.
   */
  public ServerProcess awaitReady(Duration timeout, BooleanSupplier ready) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with status " + process.exitValue() + " while starting" + logTail());
      }
      if (probe(ready)) {
        return this;
      }
      sleep(Duration.ofMillis(100));
    }
    close();
    throw new IllegalStateException(name + " was not ready within " + timeout + logTail());
  }

  /** True while the process runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The file the server's standard output and error go to. */
  public Path log() {
    return log;
  }

  /**
   * What this process has written so far (its part of the log), for servers that print facts a test
   * needs, such as a generated key.
   */
  public String output() {
    try (SeekableByteChannel channel = Files.newByteChannel(log)) {
      channel.position(logStart);
      return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + log, e);
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after ten seconds) and its child processes. */
  @Override
  public void close() {
    RUNNING.remove(this);
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean probe(BooleanSupplier ready) {
    try {
      return ready.getAsBoolean();
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - 30), lines.size());
      return "; last lines of " + log + ":\n  " + String.join("\n  ", tail);
    } catch (IOException e) {
      return "; its log " + log + " could not be read: " + e.getMessage();
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
