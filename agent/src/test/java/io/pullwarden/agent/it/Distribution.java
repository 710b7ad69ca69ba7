package io.pullwarden.agent.it;

import io.pullwarden.testenv.AgentDistribution;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built distribution, unpacked for a test, and agents launched from it as real processes
 * (through testenv's {@link AgentDistribution}).
 */
final class Distribution {

  private final AgentDistribution distribution;

  private Distribution(AgentDistribution distribution) {
    this.distribution = distribution;
  }

  /** Unpacks {@code target/pullwarden-<v>.tar.gz} into {@code into}. */
  static Distribution unpack(Path into) throws Exception {
    return new Distribution(
        AgentDistribution.unpack(Path.of(System.getProperty("pullwarden.dist.archive")), into));
  }

  /** The unpacked {@code pullwarden-<v>/} directory. */
  Path home() {
    return distribution.home();
  }

  /**
   * Starts {@code bin/pullwarden run} against {@code server}, logging to {@code log}, serving HTTP
   * on {@code port}; {@code env} and {@code args} are added.
   */
  Process run(KubernetesServer server, int port, Path log, Map<String, String> env, String... args)
      throws Exception {
    return run(server.kubeconfigFile(), port, log, env, args);
  }

  /**
   * As {@link #run(KubernetesServer, int, Path, Map, String...)}, as the user of {@code
   * kubeconfig}. Unless {@code args} set them, the retry delays are short ({@link
   * RunningAgent#RETRY_DELAY}, {@link RunningAgent#MAX_RETRY_DELAY}), so a test waits for what it
   * checks, not for the production backoff.
   */
  Process run(Path kubeconfig, int port, Path log, Map<String, String> env, String... args)
      throws Exception {
    List<String> arguments = new ArrayList<>(List.of(args));
    if (arguments.stream().noneMatch(arg -> arg.startsWith("--retry-delay"))) {
      arguments.add("--retry-delay=" + RunningAgent.RETRY_DELAY.toMillis() + "ms");
    }
    if (arguments.stream().noneMatch(arg -> arg.startsWith("--max-retry-delay"))) {
      arguments.add("--max-retry-delay=" + RunningAgent.MAX_RETRY_DELAY.toMillis() + "ms");
    }
    ProcessBuilder builder =
        distribution.run(kubeconfig, RunningAgent.AGENT_NAMESPACE, port, log, arguments);
    builder.environment().putAll(env);
    return builder.start();
  }

  /** The HTTP status of {@code path} on the agent at {@code port}, or -1 when nothing answers. */
  static int status(int port, String path) {
    return AgentDistribution.status(port, path);
  }

  /**
   * The sum of the samples of {@code metric} on the agent's {@code /metrics} whose labels include
   * {@code labels}; 0 when there are none.
   */
  static double metric(int port, String metric, Map<String, String> labels) throws Exception {
    double sum = 0;
    for (String line : get(port, "/metrics").split("\n")) {
      if (!line.startsWith(metric + "{")) {
        continue;
      }
      String labelText = line.substring(metric.length() + 1, line.lastIndexOf('}'));
      boolean matches =
          labels.entrySet().stream()
              .allMatch(e -> labelText.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (matches) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** The body of {@code path} on the agent at {@code port}. */
  static String get(int port, String path) throws Exception {
    return AgentDistribution.get(port, path);
  }
}
