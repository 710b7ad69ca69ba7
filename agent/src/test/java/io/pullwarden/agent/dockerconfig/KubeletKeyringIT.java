package io.pullwarden.agent.dockerconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pullwarden.testenv.TestDependencies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link KubeletKeyring} against the kubelet's own code: every case of {@code
 * kubelet-keyring-cases.csv}, a lookup with several keys, and the repositories images normalise to,
 * run through {@code k8s.io/kubernetes/pkg/credentialprovider} at the pinned Kubernetes version
 * (the {@code testenv/kubelet-keyring} program). A row the kubelet reads otherwise fails here with
 * the kubelet's answer.
 */
class KubeletKeyringIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Case(List<String> keys, String image, List<String> expected) {}

  @Test
  void everyCaseIsAnsweredAsTheKubeletAnswersIt() throws Exception {
    List<Case> cases = new ArrayList<>();
    for (String[] row : rows()) {
      cases.add(
          new Case(
              List.of(row[0]), row[1], Boolean.parseBoolean(row[2]) ? List.of(row[0]) : List.of()));
    }
    cases.add(
        new Case(
            List.of("quay.io", "quay.io/coreos", "https://quay.io/coreos/etcd", "gcr.io"),
            "quay.io/coreos/etcd:v3",
            List.of("https://quay.io/coreos/etcd", "quay.io/coreos", "quay.io")));
    cases.add(
        new Case(
            List.of("https://index.docker.io/v1/", "docker.io/team"),
            "team/app",
            List.of("docker.io/team")));

    List<JsonNode> answers = kubelet(cases);

    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Case query = cases.get(i);
      List<String> kubelet = new ArrayList<>();
      answers.get(i).path("matches").forEach(match -> kubelet.add(match.asText()));
      String repository = answers.get(i).path("repository").asText();
      if (answers.get(i).has("error")) {
        disagreements.add(
            "the kubelet refuses image %s: %s"
                .formatted(query.image(), answers.get(i).path("error").asText()));
      } else if (!kubelet.equals(query.expected())
          || !kubelet.equals(KubeletKeyring.lookup(query.keys(), query.image()))
          || !repository.equals(KubeletKeyring.repository(query.image()))) {
        disagreements.add(
            "%s for %s: kubelet %s (repository %s), expected %s, KubeletKeyring %s (%s)"
                .formatted(
                    query.keys(),
                    query.image(),
                    kubelet,
                    repository,
                    query.expected(),
                    KubeletKeyring.lookup(query.keys(), query.image()),
                    KubeletKeyring.repository(query.image())));
      }
    }
    assertThat(disagreements).as("cases the kubelet answers otherwise").isEmpty();
    assertThat(cases).hasSizeGreaterThan(40);
  }

  /** The kubelet's answers to {@code cases}, one JSON object each, in order. */
  private static List<JsonNode> kubelet(List<Case> cases) throws IOException, InterruptedException {
    Path program =
        TestDependencies.requireExecutable(
            "the kubelet-keyring program (testenv/kubelet-keyring)",
            TestDependencies.cache().resolve("bin/kubelet-keyring"));
    Process process = new ProcessBuilder(program.toString()).start();
    try (var stdin = process.getOutputStream()) {
      for (Case query : cases) {
        stdin.write(
            (JSON.writeValueAsString(Map.of("keys", query.keys(), "image", query.image())) + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.getErrorStream().readAllBytes(); // klog's notes on keys it ignores
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("kubelet-keyring finished").isTrue();
    assertThat(process.exitValue()).as("kubelet-keyring's exit code").isZero();
    List<JsonNode> answers = new ArrayList<>();
    for (String line : out.lines().toList()) {
      answers.add(JSON.readTree(line));
    }
    assertThat(answers).as("one answer per case").hasSameSizeAs(cases);
    return answers;
  }

  /** The rows of the shared cases file: key, image, matches. */
  private static List<String[]> rows() throws IOException {
    try (InputStream in =
        KubeletKeyringIT.class.getResourceAsStream("/dockerconfig/kubelet-keyring-cases.csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.split("\\|"))
          .map(cells -> new String[] {cells[0].strip(), cells[1].strip(), cells[2].strip()})
          .toList();
    }
  }
}
