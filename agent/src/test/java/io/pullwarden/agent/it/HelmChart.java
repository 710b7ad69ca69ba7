package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.TestDependencies;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The chart in {@code chart/pullwarden} and the two tools that check it: Helm (lint, template) and
 * kubectl (server-side dry-run against the test API server), both from {@code
 * scripts/install-test-deps}. Each call runs the real binary and returns its exit code and output.
 */
final class HelmChart {

  static final Path CHART = Path.of("..", "chart", "pullwarden");
  static final Path ALL_OPTIONS = CHART.resolve("ci/all-options-values.yaml");

  /**
   * The chart's default {@code agent.javaOpts}, so that a test of the agent's memory runs with the
   * JVM the chart gives it (as JAVA_OPTS for the distribution's launcher).
   */
  static String javaOpts() {
    try {
      return new ObjectMapper(new YAMLFactory())
          .readTree(CHART.resolve("values.yaml").toFile())
          .path("agent")
          .path("javaOpts")
          .asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How a tool run ended; {@code stdout} alone, so that rendered YAML is not mixed with logs. */
  record Run(int exitCode, String stdout, String stderr) {
    boolean succeeded() {
      return exitCode == 0;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  private HelmChart() {}

  /**
   * The Kubernetes version {@code helm template} and {@code helm lint} assume: the test API
   * server's, so the chart's kubeVersion is checked against the version the manifests are checked
   * on (a Helm built without its Makefile's flags would assume v1.20).
   */
  static final String KUBE_VERSION = TestDependencies.version("KUBERNETES_VERSION");

  /** {@code helm lint --strict} with the given values files (none: the chart's defaults). */
  static Run lint(Path... valuesFiles) {
    List<String> command =
        helm("lint", CHART.toString(), "--strict", "--kube-version", KUBE_VERSION);
    for (Path values : valuesFiles) {
      command.addAll(List.of("--values", values.toString()));
    }
    return run(command, "");
  }

  /** {@code helm template}; {@code flags} are passed on (--values, --set, --include-crds). */
  static Run template(String release, String namespace, String... flags) {
    List<String> command =
        helm(
            "template",
            release,
            CHART.toString(),
            "--namespace",
            namespace,
            "--kube-version",
            KUBE_VERSION);
    command.addAll(List.of(flags));
    return run(command, "");
  }

  /** Like {@link #template} but fails unless Helm succeeded; returns the manifests. */
  static String render(String release, String namespace, String... flags) {
    Run run = template(release, namespace, flags);
    if (!run.succeeded()) {
      throw new AssertionError("helm template failed: " + run);
    }
    return run.stdout();
  }

  /**
   * {@code helm install --dry-run=server} against the test API server: Helm renders the release,
   * including NOTES.txt, with the server's capabilities, and creates nothing.
   */
  static Run installDryRun(
      KubernetesServer server, String release, String namespace, String... flags) {
    List<String> command =
        helm(
            "install",
            release,
            CHART.toString(),
            "--namespace",
            namespace,
            "--dry-run=server",
            "--kubeconfig",
            server.kubeconfigFile().toString());
    command.addAll(List.of(flags));
    return run(command, "");
  }

  /** Whether {@code object} is a Helm hook ({@code helm test}'s objects), not a release object. */
  static boolean isHook(HasMetadata object) {
    return object.getMetadata().getAnnotations() != null
        && object.getMetadata().getAnnotations().containsKey("helm.sh/hook");
  }

  /** The rendered manifests as objects (custom resources of unknown kinds come back generic). */
  static List<HasMetadata> objects(KubernetesClient client, String manifests) {
    return client
        .load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8)))
        .items();
  }

  /** kubectl against the test API server, with the admin kubeconfig; {@code stdin} is piped in. */
  static Run kubectl(KubernetesServer server, String stdin, String... args) {
    Path kubectl =
        TestDependencies.kubeApiTestDir()
            .resolve(
                "k8s/" + TestDependencies.version("KUBERNETES_VERSION") + "-linux-amd64/kubectl");
    List<String> command = new ArrayList<>();
    command.add(TestDependencies.requireExecutable("kubectl", kubectl).toString());
    command.add("--kubeconfig=" + server.kubeconfigFile());
    command.addAll(List.of(args));
    return run(command, stdin);
  }

  /**
   * {@code kubectl apply --server-side --dry-run=server} of {@code manifests}: the API server
   * validates each object against its schema (built-in kinds and installed CRDs alike) and its
   * admission, and stores nothing; asserts that it accepted exactly {@code objects} objects.
   */
  static void assertServerDryRunAccepts(KubernetesServer server, String manifests, int objects) {
    Run run =
        kubectl(
            server,
            manifests,
            "apply",
            "--server-side",
            "--dry-run=server",
            "--field-manager=chart-it",
            "-f",
            "-");
    assertThat(run).matches(Run::succeeded, "the API server accepts every object");
    assertThat(run.stdout().lines().filter(line -> line.endsWith("(server dry run)")))
        .hasSize(objects);
  }

  /** The one object of {@code type} among {@code objects}. */
  static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matching).as("objects of kind %s", type.getSimpleName()).hasSize(1);
    return matching.get(0);
  }

  private static List<String> helm(String... args) {
    List<String> command = new ArrayList<>();
    command.add(TestDependencies.helm().toString());
    command.addAll(List.of(args));
    return command;
  }

  /** Runs to completion with output in files, so a chatty tool cannot block on a full pipe. */
  static Run run(List<String> command, String stdin) {
    try {
      Path dir = Files.createTempDirectory("pullwarden-tool");
      Path in = Files.writeString(dir.resolve("stdin"), stdin);
      Path out = dir.resolve("stdout");
      Path err = dir.resolve("stderr");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(in.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      // Helm keeps caches and config under these; point them at the scratch directory.
      builder.environment().put("HELM_CACHE_HOME", dir.resolve("helm-cache").toString());
      builder.environment().put("HELM_CONFIG_HOME", dir.resolve("helm-config").toString());
      builder.environment().put("HELM_DATA_HOME", dir.resolve("helm-data").toString());
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      Process process = builder.start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("timed out: " + command);
      }
      Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
      deleteQuietly(dir);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Removes a scratch directory; a leftover in /tmp is not worth failing a test for. */
  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }
}
