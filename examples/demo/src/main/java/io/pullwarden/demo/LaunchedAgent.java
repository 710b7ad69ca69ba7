package io.pullwarden.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The agent from the distribution archive, unpacked to a temporary directory and run. */
final class LaunchedAgent implements AutoCloseable {

  private final Path directory;
  private final Process process;
  private final Path log;
  private final int port;

  private LaunchedAgent(Path directory, Process process, Path log, int port) {
    this.directory = directory;
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static LaunchedAgent start(Path archive, Path kubeconfig, String namespace, int port)
      throws Exception {
    Path directory = Files.createTempDirectory("pullwarden-demo");
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", directory.toString())
            .inheritIO()
            .start();
    if (tar.waitFor() != 0) {
      throw new IllegalStateException("could not unpack " + archive);
    }
    Path home;
    try (Stream<Path> entries = Files.list(directory)) {
      home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    Path log = Files.createTempFile("pullwarden-demo-agent", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                home.resolve("bin/pullwarden").toString(),
                "run",
                "--namespace",
                namespace,
                "--metrics-port",
                String.valueOf(port),
                "--no-leader-election")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    LaunchedAgent agent = new LaunchedAgent(directory, builder.start(), log, port);
    agent.awaitReady(Duration.ofSeconds(60));
    return agent;
  }

  Path log() {
    return log;
  }

  /** The line of {@code /metrics} that starts with {@code series}, once it is there. */
  String metricLine(String series, Duration patience) throws Exception {
    Instant deadline = Instant.now().plus(patience);
    while (true) {
      for (String line : get("/metrics").body().split("\n")) {
        if (line.startsWith(series + " ")) {
          return line;
        }
      }
      if (Instant.now().isAfter(deadline)) {
        return series + " (not reported yet)";
      }
      Thread.sleep(500);
    }
  }

  private void awaitReady(Duration patience) throws Exception {
    Instant deadline = Instant.now().plus(patience);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the agent exited; see " + log);
      }
      try {
        if (get("/readyz").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException("the agent was not ready within " + patience + "; see " + log);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
