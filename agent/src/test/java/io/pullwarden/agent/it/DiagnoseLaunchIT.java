package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.TestDependencies;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl pullwarden diagnose} as a user runs it: the real kubectl finds the distribution's
 * {@code bin/kubectl-pullwarden} on the PATH, which starts {@code bin/pullwarden} with kubectl's
 * kubeconfig. A healthy pod exits 0, a pod whose key is for another port exits 1 with JSON naming
 * the cause, a pod that does not exist exits 2; no run prints the credential.
 */
@ExtendWith(OwnApiServer.class)
class DiagnoseLaunchIT {

  @Test
  void kubectlPullwardenDiagnoseRunsTheDistributionWithExitCodesAScriptCanUse(
      KubernetesServer server, @TempDir Path work) throws Exception {
    Distribution distribution = Distribution.unpack(work);
    try (KubernetesClient client = DiagnoseIT.prepared(server)) {
      DiagnoseIT.healthy(client, "launch-healthy");
      DiagnoseIT.keyForAnotherPort(client, "launch-keys");
    }

    Run healthy =
        kubectl(server, distribution, "diagnose", "--no-network", "-n", "launch-healthy", "web");
    Run keys =
        kubectl(
            server,
            distribution,
            "diagnose",
            "--no-network",
            "-n",
            "launch-keys",
            "web",
            "-o",
            "json");
    Run missing =
        kubectl(server, distribution, "diagnose", "--no-network", "-n", "launch-keys", "nosuch");

    assertThat(healthy.exitCode()).as(healthy.output()).isZero();
    assertThat(healthy.output())
        .contains("pod launch-healthy/web (ServiceAccount default)")
        .contains("verdict: this pod can pull");
    assertThat(keys.exitCode()).as(keys.output()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(keys.output());
    assertThat(json.path("verdict").path("cause").asText()).isEqualTo("NO_MATCHING_KEY");
    assertThat(missing.exitCode()).as(missing.output()).isEqualTo(2);
    assertThat(missing.output()).contains("no pod nosuch in namespace launch-keys");
    for (Run run : List.of(healthy, keys, missing)) {
      assertThat(run.output().contains(PullScene.PASSWORD) || run.output().contains(PullScene.AUTH))
          .as("a credential is printed")
          .isFalse();
    }
  }

  private record Run(int exitCode, String output) {}

  /** The real kubectl with the distribution's bin/ first on the PATH; stdout only, stderr apart. */
  private static Run kubectl(KubernetesServer server, Distribution distribution, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(TestDependencies.kubernetesBinary("kubectl").toString());
    command.add("pullwarden");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", server.kubeconfigFile().toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder
        .environment()
        .put(
            "PATH",
            distribution.home().resolve("bin") + File.pathSeparator + System.getenv("PATH"));
    if (args[args.length - 1].equals("nosuch")) {
      builder.redirectErrorStream(true);
    } else {
      builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("diagnose finishes").isTrue();
    return new Run(process.exitValue(), output);
  }
}
