package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.testenv.KubernetesServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The built distribution, unpacked for a test, and agents launched from it as real processes. */
final class Distribution {

  private final Path home;

  private Distribution(Path home) {
    this.home = home;
  }

  /** Unpacks {@code target/pullwarden-<v>.tar.gz} into {@code into}. */
  static Distribution unpack(Path into) throws Exception {
    Files.createDirectories(into);
    Path archive = Path.of(System.getProperty("pullwarden.dist.archive"));
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).as("unpacking " + archive).isZero();
    return new Distribution(into.resolve("pullwarden-" + System.getProperty("pullwarden.version")));
  }

  /** The unpacked {@code pullwarden-<v>/} directory. */
  Path home() {
    return home;
  }

  /**
   * Starts {@code bin/pullwarden run} against {@code server}, logging to {@code log}, serving HTTP
   * on {@code port}; {@code env} and {@code args} are added.
   */
  Process run(KubernetesServer server, int port, Path log, Map<String, String> env, String... args)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                home.resolve("bin/pullwarden").toString(),
                "run",
                "--namespace",
                RunningAgent.AGENT_NAMESPACE,
                "--metrics-port",
                String.valueOf(port)));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("KUBECONFIG", server.kubeconfigFile().toString());
    builder.environment().putAll(env);
    return builder.start();
  }

  /** The HTTP status of {@code path} on the agent at {@code port}, or -1 when nothing answers. */
  static int status(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception notListening) {
      return -1;
    }
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
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
