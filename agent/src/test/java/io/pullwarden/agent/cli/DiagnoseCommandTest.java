package io.pullwarden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pullwarden diagnose -f} as a user runs it offline, on manifests of a workload and its
 * Secrets: the verdict, {@code -o json}, the exit codes, usage errors, and no credential printed.
 */
class DiagnoseCommandTest {

  private static final String PASSWORD = "Diag-Canary-0002-pw";
  private static final String AUTH =
      Base64.getEncoder().encodeToString(("robot:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

  @TempDir Path work;

  @Test
  void aDeploymentWhoseSecretMatchesCanPullAndExitsZero() throws Exception {
    CommandRun run =
        CommandRun.of(
            "diagnose", "--no-network", "-f", manifest("registry.example.com").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith(
            "the pod of Deployment/web in team (ServiceAccount default)\nverdict: this pod can pull\n")
        .contains("the kubelet picks auths key \"registry.example.com\" of Secret regcred")
        .contains("registry login: not checked: --no-network");
    assertNoCredential(run);
  }

  @Test
  void aKeyForAnotherPortIsNamedAndExitsOneWithJsonForScripts() throws Exception {
    CommandRun run =
        CommandRun.of(
            "diagnose",
            "--no-network",
            "-f",
            manifest("registry.example.com:5000").toString(),
            "-o",
            "json");

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.path("canPull").asBoolean()).isFalse();
    assertThat(json.path("verdict").path("cause").asText()).isEqualTo("NO_MATCHING_KEY");
    assertThat(json.path("verdict").path("symptom").asText())
        .isEqualTo("no basic auth credentials");
    assertThat(json.path("images").get(0).path("evidence").get(0).asText())
        .contains("the port differs");
    assertThat(json.path("fixes").get(0).asText())
        .contains("--docker-server=registry.example.com ");
    assertNoCredential(run);
  }

  @Test
  void nothingToDiagnoseIsAUsageError() {
    CommandRun run = CommandRun.of("diagnose");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("give a POD, --image IMAGE or -f FILE (one of them)");
  }

  @Test
  void aServiceAccountWithoutAnImageIsAUsageError() throws Exception {
    CommandRun run =
        CommandRun.of(
            "diagnose",
            "--no-network",
            "-f",
            manifest("x").toString(),
            "--service-account",
            "builder");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--service-account goes with --image");
  }

  @Test
  void aFileWithoutAPodIsAUsageError() throws Exception {
    Path file =
        Files.writeString(work.resolve("empty.yaml"), "kind: ConfigMap\nmetadata: {name: x}\n");

    CommandRun run = CommandRun.of("diagnose", "--no-network", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("has no pod or workload");
  }

  @Test
  void aRegistryCaFileWithoutACertificateIsAUsageErrorThatDoesNotQuoteIt() throws Exception {
    Path ca = Files.writeString(work.resolve("ca.pem"), "not a certificate " + PASSWORD + "\n");

    CommandRun run =
        CommandRun.of("diagnose", "-f", manifest("x").toString(), "--registry-ca", ca.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--registry-ca: " + ca + " holds no PEM certificate");
    assertNoCredential(run);
  }

  @Test
  void anEmptyRegistryCaFileIsAUsageError() throws Exception {
    Path ca = Files.writeString(work.resolve("empty.pem"), "\n");

    CommandRun run =
        CommandRun.of("diagnose", "-f", manifest("x").toString(), "--registry-ca", ca.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("holds no PEM certificate");
  }

  @Test
  void aRegistryCaWithNoNetworkIsAUsageError() throws Exception {
    CommandRun run =
        CommandRun.of(
            "diagnose",
            "--no-network",
            "-f",
            manifest("x").toString(),
            "--registry-ca",
            work.resolve("absent.pem").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--registry-ca goes with a registry check");
  }

  @Test
  void aManifestThatIsNotYamlIsNamedByLineWithoutQuotingIt() throws Exception {
    Path file =
        Files.writeString(
            work.resolve("broken.yaml"),
            """
            apiVersion: v1
            kind: Secret
            stringData:
              password: %s: oops
            """
                .formatted(PASSWORD));

    CommandRun run = CommandRun.of("diagnose", "--no-network", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err())
        .isEqualTo("pullwarden: " + file + ": not valid YAML at line 4, column 32\n");
    assertNoCredential(run);
  }

  @Test
  void anObjectOfTheWrongShapeIsNamedWithoutQuotingTheValueThatBrokeIt() throws Exception {
    Path file =
        Files.writeString(
            work.resolve("shape.yaml"),
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: team}
            spec:
              containers:
              - name: app
                image: registry.example.com/app:1
                env:
                - name: TOKEN
                  value: {nested: %s}
            """
                .formatted(PASSWORD));

    CommandRun run = CommandRun.of("diagnose", "--no-network", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("does not have the shape Kubernetes gives it");
    assertNoCredential(run);
  }

  private Path manifest(String key) throws Exception {
    String document =
        Base64.getEncoder()
            .encodeToString(
                ("{\"auths\":{\"" + key + "\":{\"auth\":\"" + AUTH + "\"}}}")
                    .getBytes(StandardCharsets.UTF_8));
    return Files.writeString(
        work.resolve("app.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: team}
        spec:
          template:
            spec:
              imagePullSecrets: [{name: regcred}]
              containers: [{name: app, image: registry.example.com/team/app:1}]
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: regcred, namespace: team}
        type: kubernetes.io/dockerconfigjson
        data:
          .dockerconfigjson: %s
        """
            .formatted(document));
  }

  private static void assertNoCredential(CommandRun run) {
    for (String output : new String[] {run.out(), run.err()}) {
      assertThat(output.contains(PASSWORD)).as("the password is printed").isFalse();
      assertThat(output.contains(AUTH)).as("the auth value is printed").isFalse();
    }
  }
}
