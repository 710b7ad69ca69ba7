package io.pullwarden.bench;

import io.pullwarden.testenv.AgentDistribution;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The agent as users run it: the distribution's {@code bin/pullwarden run}, a process of its own
 * against the test API server, without leader election and with the {@code JAVA_OPTS} it is given
 * (the Helm chart's, unless the benchmark was told otherwise). Its memory is read from the kernel
 * and its counters from {@code /metrics}, never from inside.
 */
final class LaunchedAgent implements AutoCloseable {

  private final Process launcher;
  private final long javaPid;
  private final int port;

  private LaunchedAgent(Process launcher, long javaPid, int port) {
    this.launcher = launcher;
    this.javaPid = javaPid;
    this.port = port;
  }

  /** Starts {@code bin/pullwarden run}; returns once {@code /readyz} answers 200. */
  static LaunchedAgent start(
      AgentDistribution distribution,
      KubernetesServer server,
      Path log,
      String javaOpts,
      Duration patience)
      throws IOException, InterruptedException {
    LaunchedAgent agent = launch(distribution, server, log, javaOpts);
    try {
      AgentDistribution.awaitReady(agent.launcher, agent.port, patience, log);
    } catch (RuntimeException | InterruptedException e) {
      agent.close();
      throw e;
    }
    return agent;
  }

  /**
   * Starts {@code bin/pullwarden run} and returns as soon as its JVM runs, ready or not: for a
   * benchmark that watches the start-up itself, and must still see the process if it dies there.
   */
  static LaunchedAgent launch(
      AgentDistribution distribution, KubernetesServer server, Path log, String javaOpts)
      throws IOException, InterruptedException {
    int port = FreePort.next();
    ProcessBuilder builder =
        distribution.run(
            server.kubeconfigFile(),
            BenchCluster.AGENT_NAMESPACE,
            port,
            log,
            List.of("--no-leader-election"));
    Map<String, String> env = builder.environment();
    env.remove("JAVA_OPTS");
    if (!javaOpts.isBlank()) {
      env.put("JAVA_OPTS", javaOpts);
    }
    Process launcher = builder.start();
    try {
      return new LaunchedAgent(launcher, javaPid(launcher), port);
    } catch (RuntimeException | InterruptedException e) {
      launcher.destroyForcibly();
      throw e;
    }
  }

  /**
   * The launcher script {@code exec}s java, so the process becomes java itself once the script has
   * checked the Java version (with a short-lived {@code java -version} child, which must not be
   * mistaken for the agent); if a launcher ever forks instead, the agent is its descendant.
   */
  private static long javaPid(Process launcher) throws InterruptedException {
    for (int attempt = 0; attempt < 300; attempt++) {
      if (isAgentJvm(launcher.toHandle())) {
        return launcher.pid();
      }
      var child = launcher.toHandle().descendants().filter(LaunchedAgent::isAgentJvm).findFirst();
      if (child.isPresent()) {
        return child.get().pid();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no agent JVM under the launcher " + launcher.pid());
  }

  private static boolean isAgentJvm(ProcessHandle process) {
    try {
      String commandLine =
          Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
      return commandLine.contains("/java\0") && commandLine.contains("pullwarden-agent.jar");
    } catch (IOException gone) {
      return false;
    }
  }

  long javaPid() {
    return javaPid;
  }

  /** The process's exit status, or empty while it runs. */
  OptionalInt exitStatus() {
    return launcher.isAlive() ? OptionalInt.empty() : OptionalInt.of(launcher.exitValue());
  }

  /** The agent's {@code /metrics}, now. */
  PrometheusText metrics() {
    return new PrometheusText(metricsPage());
  }

  /** The agent's {@code /metrics} page as it is served, to keep with a run's results. */
  String metricsPage() {
    return get("/metrics");
  }

  /**
   * Peak and current RSS from the kernel; heap as scraped, then again after the full collection
   * that {@code jcmd GC.class_histogram} makes; the histogram (what the live heap is made of) is
   * written to {@code histogram}.
   */
  AgentMemory memory(Path histogram) throws IOException, InterruptedException {
    long heapUsed = heapUsed();
    // Read before the collection: G1 returns the freed heap to the OS concurrently afterwards.
    long rss = AgentMemory.procStatusBytes(javaPid, "VmRSS");
    // Only says something when JAVA_OPTS turned on -XX:NativeMemoryTracking; harmless otherwise.
    jcmd(histogram.resolveSibling(histogram.getFileName() + ".native-memory"), "VM.native_memory");
    jcmd(histogram, "GC.class_histogram");
    PrometheusText afterGc = metrics();
    return new AgentMemory(
        AgentMemory.procStatusBytes(javaPid, "VmHWM"),
        rss,
        heapUsed,
        (long) afterGc.sum("jvm_memory_used_bytes", Map.of("area", "heap")),
        (long) afterGc.sum("jvm_memory_committed_bytes", Map.of("area", "heap")),
        (long) afterGc.sum("jvm_memory_used_bytes", Map.of("area", "nonheap")),
        (int) afterGc.sum("jvm_threads_live_threads"));
  }

  private void jcmd(Path output, String command) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(javaPid),
                command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed for process " + javaPid);
    }
  }

  private long heapUsed() {
    return (long) metrics().sum("jvm_memory_used_bytes", Map.of("area", "heap"));
  }

  private String get(String path) {
    try {
      return AgentDistribution.get(port, path);
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + " from the agent failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** WARN and ERROR lines in the agent's JSON {@code log}; -1 if it cannot be read. */
  static long warnings(Path log) {
    return logLines(log, "\"level\":\"WARN\"", "\"level\":\"ERROR\"");
  }

  /**
   * Lines of the agent's {@code log} that contain any of {@code marks}; -1 if it cannot be read.
   */
  static long logLines(Path log, String... marks) {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(line -> Arrays.stream(marks).anyMatch(line::contains)).count();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  /** Stops the agent as Kubernetes would (SIGTERM), forcibly if it does not stop in 30 s. */
  @Override
  public void close() {
    launcher.destroy();
    try {
      if (!launcher.waitFor(30, TimeUnit.SECONDS)) {
        launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      launcher.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
