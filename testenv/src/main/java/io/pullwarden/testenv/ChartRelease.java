package io.pullwarden.testenv;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chart installed on a {@link RealNode} the way the README tells a platform engineer to: the
 * image the build produced, pushed to a private registry, a pull Secret for it in the release
 * namespace, and {@code helm install} with the image's repository and tag and that Secret as the
 * chart's {@code imagePullSecrets}. Helm talks to the node's API server as its admin.
 */
public final class ChartRelease {

  /** The release's name, and the name of its Deployment and Lease. */
  public static final String RELEASE = "pullwarden";

  /** The release namespace. */
  public static final String NAMESPACE = "pullwarden";

  /** The Secret the kubelet pulls the agent's own image with. */
  public static final String IMAGE_PULL_SECRET = "registry-login";

  private final RealNode node;

  private ChartRelease(RealNode node) {
    this.node = node;
  }

  /**
   * Pushes {@code image} (an OCI archive, tagged {@code version}) to the node's private registry,
   * creates the release namespace with the image's pull Secret, and installs {@code chart} with
   * {@code values} added ({@code --set} pairs); returns once Helm saw every replica ready.
   */
  public static ChartRelease install(
      RealNode node, Path chart, Path image, String version, List<String> values) {
    RegistryServer registry = node.privateRegistry();
    String repository = registry.host() + "/pullwarden/pullwarden";
    Skopeo.copy(
        "oci-archive:" + image,
        registry,
        "pullwarden/pullwarden:" + version,
        registry.username(),
        registry.password());
    try (KubernetesClient admin = node.apiServer().newClient()) {
      releaseNamespace(admin, registry);
    }
    ChartRelease release = new ChartRelease(node);
    List<String> install = new ArrayList<>(List.of("install", RELEASE, chart.toString()));
    install.addAll(
        List.of(
            "--set",
            "image.repository=" + repository,
            "--set",
            "image.tag=" + version,
            "--set",
            "imagePullSecrets[0]=" + IMAGE_PULL_SECRET));
    values.forEach(value -> install.addAll(List.of("--set", value)));
    install.addAll(List.of("--wait", "--timeout", "4m"));
    release.helm(install);
    return release;
  }

  private static void releaseNamespace(KubernetesClient admin, RegistryServer registry) {
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
                        Skopeo.dockerConfigJson(
                            registry.host(), registry.username(), registry.password())))
                .build())
        .serverSideApply();
  }

  /** {@code helm upgrade} of the release to the chart in {@code chart}, keeping the values. */
  public void upgrade(Path chart) {
    helm(
        List.of(
            "upgrade", RELEASE, chart.toString(), "--reuse-values", "--wait", "--timeout", "4m"));
  }

  /** {@code helm uninstall} of the release, waiting until its objects are gone. */
  public void uninstall() {
    helm(List.of("uninstall", RELEASE, "--wait", "--timeout", "4m"));
  }

  /**
   * How {@code helm test} ended: whether it passed, what Helm printed and, when it failed, the logs
   * of the test pod the chart keeps then.
   */
  public record TestRun(boolean passed, String output) {}

  /** {@code helm test} of the release, as the chart's notes give it. */
  public TestRun test() {
    List<String> command =
        new ArrayList<>(
            List.of(
                TestDependencies.helm().toString(),
                "test",
                RELEASE,
                "--namespace",
                NAMESPACE,
                "--timeout",
                "3m"));
    Map<String, String> env = Map.of("KUBECONFIG", node.apiServer().kubeconfigFile().toString());
    Command.Result result = Command.run(command, env, Duration.ofMinutes(4));
    if (result.succeeded()) {
      return new TestRun(true, result.output());
    }
    Command.Result logs =
        Command.run(
            List.of(
                TestDependencies.kubernetesBinary("kubectl").toString(),
                "logs",
                "--namespace",
                NAMESPACE,
                RELEASE + "-test"),
            env,
            Duration.ofMinutes(1));
    return new TestRun(false, result.output() + "\n--- test pod logs\n" + logs.output());
  }

  /** {@code kubectl} as the node's admin, for the steps the chart's notes and README give. */
  public void kubectl(String... arguments) {
    List<String> command =
        new ArrayList<>(List.of(TestDependencies.kubernetesBinary("kubectl").toString()));
    command.addAll(List.of(arguments));
    run(command, "kubectl " + arguments[0]);
  }

  private void helm(List<String> arguments) {
    List<String> command = new ArrayList<>(List.of(TestDependencies.helm().toString()));
    command.addAll(arguments);
    command.addAll(List.of("--namespace", NAMESPACE));
    run(command, "helm " + arguments.get(0));
  }

  /** Runs a tool with the node's admin kubeconfig; fails with its output if it fails. */
  private void run(List<String> command, String what) {
    Command.Result result =
        Command.run(
            command,
            Map.of("KUBECONFIG", node.apiServer().kubeconfigFile().toString()),
            Duration.ofMinutes(5));
    if (!result.succeeded()) {
      throw new AssertionError(
          what + " failed (exit " + result.exitCode() + "):\n" + result.output());
    }
  }
}
