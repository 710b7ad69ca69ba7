package io.pullwarden.demo;

import io.pullwarden.testenv.AgentDistribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
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
    AgentDistribution distribution = AgentDistribution.unpack(archive, directory);
    Path log = Files.createTempFile("pullwarden-demo-agent", ".log");
    Process process =
        distribution.run(kubeconfig, namespace, port, log, List.of("--no-leader-election")).start();
    LaunchedAgent agent = new LaunchedAgent(directory, process, log, port);
    try {
      AgentDistribution.awaitReady(process, port, Duration.ofSeconds(60), log);
    } catch (RuntimeException | InterruptedException e) {
      agent.close();
      throw e;
    }
    return agent;
  }

  Path log() {
    return log;
  }

  /** The line of {@code /metrics} that starts with {@code series}, once it is there. */
  String metricLine(String series, Duration patience) throws Exception {
    Instant deadline = Instant.now().plus(patience);
    while (true) {
      for (String line : AgentDistribution.get(port, "/metrics").split("\n")) {
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
