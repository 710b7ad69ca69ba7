package io.pullwarden.testenv;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The agent's distribution archive, unpacked, and {@code bin/pullwarden run} started from it as a
 * process of its own, the way users run it. The agent's tests, the demo and the benchmark all
 * launch it through here.
 */
public final class AgentDistribution {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Path home;

  private AgentDistribution(Path home) {
    this.home = home;
  }

  /**
   * Unpacks {@code archive} (a {@code pullwarden-<v>.tar.gz}) into {@code into}, emptied first: a
   * plugin jar an earlier archive left there would otherwise be loaded too (the benchmark's work
   * directory outlives its runs).
   */
  public static AgentDistribution unpack(Path archive, Path into)
      throws IOException, InterruptedException {
    if (Files.exists(into)) {
      TempDirectory.deleteQuietly(into);
      if (Files.exists(into)) {
        throw new IllegalStateException("could not empty " + into + " to unpack " + archive);
      }
    }
    Files.createDirectories(into);
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
            .inheritIO()
            .start();
    if (tar.waitFor() != 0) {
      throw new IllegalStateException("could not unpack " + archive);
    }
    try (Stream<Path> homes = Files.list(into)) {
      return new AgentDistribution(
          homes
              .filter(p -> p.getFileName().toString().startsWith("pullwarden-"))
              .filter(p -> Files.isExecutable(p.resolve("bin/pullwarden")))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException(archive + " holds no bin/pullwarden")));
    }
  }

  /** The unpacked {@code pullwarden-<v>/} directory. */
  public Path home() {
    return home;
  }

  /**
   * {@code bin/pullwarden run --namespace namespace --metrics-port port}, then {@code args}, on
   * this JVM's Java and against the cluster in {@code kubeconfig}, with its output in {@code log}.
   * The caller may change the environment before starting it.
   */
  public ProcessBuilder run(
      Path kubeconfig, String namespace, int port, Path log, List<String> args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                home.resolve("bin/pullwarden").toString(),
                "run",
                "--namespace",
                namespace,
                "--metrics-port",
                String.valueOf(port)));
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    return builder;
  }

  /** Waits until the agent at {@code port} answers {@code /readyz} with 200. */
  public static void awaitReady(Process agent, int port, Duration patience, Path log)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (status(port, "/readyz") != 200) {
      if (!agent.isAlive()) {
        throw new IllegalStateException("the agent exited; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the agent was not ready within " + patience + "; see " + log);
      }
      Thread.sleep(200);
    }
  }

  /** The HTTP status of {@code path} on the agent at {@code port}, or -1 when nothing answers. */
  public static int status(int port, String path) {
    try {
      return HTTP.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException notListening) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The body of {@code path} on the agent at {@code port}. */
  public static String get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static HttpRequest request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .build();
  }
}
