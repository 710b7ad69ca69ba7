package io.pullwarden.image;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.RealNode;
import io.pullwarden.testenv.RegistryServer;
import io.pullwarden.testenv.Skopeo;
import io.pullwarden.testenv.TestDependencies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The chart installed on a {@link RealNode} the way the README tells a platform engineer to: the
 * image the build produced, pushed to a private registry, a pull Secret for it in the release
 * namespace, and {@code helm install} with the image's repository and tag and that Secret as the
 * chart's {@code imagePullSecrets}. Helm talks to the node's API server as its admin.
 */
final class InstalledChart {

  static final String RELEASE = "pullwarden";
  static final String NAMESPACE = "pullwarden";

  /** The Secret the kubelet pulls the agent's own image with. */
  static final String IMAGE_PULL_SECRET = "registry-login";

  private static final Path CHART = Path.of(System.getProperty("pullwarden.chart.dir"));
  private static final Path IMAGE = Path.of(System.getProperty("pullwarden.image.tar"));
  private static final String VERSION = System.getProperty("pullwarden.version");

  private final RealNode node;

  private InstalledChart(RealNode node) {
    this.node = node;
  }

  /**
   * Pushes the image to the node's private registry, creates the release namespace with the image's
   * pull Secret, and installs the chart with {@code values} added ({@code --set} pairs); returns
   * once Helm saw every replica ready.
   */
  static InstalledChart install(RealNode node, KubernetesClient admin, List<String> values) {
    RegistryServer registry = node.privateRegistry();
    String repository =
        Skopeo.copy(
                "oci-archive:" + IMAGE,
                registry,
                "pullwarden/pullwarden:" + VERSION,
                registry.username(),
                registry.password())
            .replace(":" + VERSION, "");
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    admin
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(IMAGE_PULL_SECRET)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withStringData(
                    Map.of(
                        ".dockerconfigjson",
                        dockerConfig(registry.host(), registry.username(), registry.password())))
                .build())
        .serverSideApply();
    InstalledChart chart = new InstalledChart(node);
    List<String> install = new ArrayList<>(List.of("install", RELEASE, CHART.toString()));
    install.addAll(
        List.of(
            "--set",
            "image.repository=" + repository,
            "--set",
            "image.tag=" + VERSION,
            "--set",
            "imagePullSecrets[0]=" + IMAGE_PULL_SECRET));
    values.forEach(value -> install.addAll(List.of("--set", value)));
    install.addAll(List.of("--wait", "--timeout", "4m"));
    chart.helm(install);
    return chart;
  }

  /** {@code helm upgrade} of the release to the chart in {@code chart}, keeping the values. */
  void upgrade(Path chart) {
    helm(
        List.of(
            "upgrade", RELEASE, chart.toString(), "--reuse-values", "--wait", "--timeout", "4m"));
  }

  /** {@code helm uninstall} of the release, waiting until its objects are gone. */
  void uninstall() {
    helm(List.of("uninstall", RELEASE, "--wait", "--timeout", "4m"));
  }

  /** {@code kubectl} as the node's admin, for the steps the chart's notes and README give. */
  void kubectl(String... arguments) {
    Path kubectl =
        TestDependencies.kubeApiTestDir()
            .resolve(
                "k8s/" + TestDependencies.version("KUBERNETES_VERSION") + "-linux-amd64/kubectl");
    List<String> command = new ArrayList<>(List.of(kubectl.toString()));
    command.addAll(List.of(arguments));
    run(command, "kubectl " + arguments[0]);
  }

  /** The chart's own directory, for tests that copy and change it. */
  static Path chartDirectory() {
    return CHART;
  }

  private void helm(List<String> arguments) {
    List<String> command = new ArrayList<>(List.of(TestDependencies.helm().toString()));
    command.addAll(arguments);
    command.addAll(List.of("--namespace", NAMESPACE));
    run(command, "helm " + arguments.get(0));
  }

  /** Runs a tool with the node's admin kubeconfig; fails with its output if it fails. */
  private void run(List<String> command, String what) {
    try {
      Path output = Files.createTempFile("pullwarden-tool", ".out");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().put("KUBECONFIG", node.apiServer().kubeconfigFile().toString());
      Process process = builder.start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(what + " did not finish in 5 minutes");
      }
      String printed = Files.readString(output);
      Files.delete(output);
      if (process.exitValue() != 0) {
        throw new AssertionError(what + " failed:\n" + printed);
      }
    } catch (IOException e) {
      throw new AssertionError("could not run " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * A {@code .dockerconfigjson} with one login, as {@code kubectl create secret docker-registry}.
   */
  static String dockerConfig(String server, String user, String password) {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return "{\"auths\":{\"" + server + "\":{\"auth\":\"" + auth + "\"}}}";
  }
}
