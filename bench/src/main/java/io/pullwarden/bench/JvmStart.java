package io.pullwarden.bench;

import io.pullwarden.testenv.AgentDistribution;
import io.pullwarden.testenv.KubernetesServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVM start in issue 15's initial-sync target, "1.5 × (JVM start + raw loop of N creates)": the
 * wall time of the distribution's launcher, with the agent's {@code JAVA_OPTS} and environment, for
 * {@code bin/pullwarden version}, a command that exits as soon as it has printed. It covers what
 * every agent start pays before it can do any work: the launcher script (with its own {@code java
 * -version} check), the JVM and the CLI's class loading.
 */
final class JvmStart {

  private JvmStart() {}

  /** Runs {@code bin/pullwarden version} {@code runs} times, one after another; each wall time. */
  static List<Duration> measure(
      AgentDistribution distribution, KubernetesServer server, String javaOpts, Path log, int runs)
      throws IOException, InterruptedException {
    List<Duration> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      ProcessBuilder builder =
          new ProcessBuilder(distribution.home().resolve("bin/pullwarden").toString(), "version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      // The same environment as the agent's launch (LaunchedAgent), so the same JVM starts.
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      builder.environment().put("KUBECONFIG", server.kubeconfigFile().toString());
      builder.environment().remove("JAVA_OPTS");
      if (!javaOpts.isBlank()) {
        builder.environment().put("JAVA_OPTS", javaOpts);
      }
      long start = System.nanoTime();
      Process process = builder.start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("bin/pullwarden version did not exit in 60 s; see " + log);
      }
      long took = System.nanoTime() - start;
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "bin/pullwarden version exited with " + process.exitValue() + "; see " + log);
      }
      times.add(Duration.ofNanos(took));
    }
    return times;
  }
}
