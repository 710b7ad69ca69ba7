package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pullwarden.testenv.PrometheusServer;
import io.pullwarden.testenv.TestDependencies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of the chart in {@code chart/pullwarden}, each checked by its own tool without a
 * cluster: {@code helm lint --strict} passes with the defaults and with every option on, and the
 * values schema rejects an unknown key; the README is what helm-docs makes of the values' comments,
 * with every key described; Artifact Hub's image annotation follows the appVersion; promtool
 * accepts the alert rules; the Grafana dashboard uses exactly the metrics of docs/design.md. {@link
 * ChartManifestsIT} takes the rendered manifests to an API server.
 */
class ChartLintIT {

  private static final Pattern PULLWARDEN_METRIC = Pattern.compile("pullwarden_[a-z_]+");

  /** The metrics of docs/design.md as Prometheus names (histograms as their buckets). */
  private static final Set<String> DESIGN_METRICS =
      Set.of(
          "pullwarden_source_requests_total",
          "pullwarden_source_request_duration_seconds_bucket",
          "pullwarden_rotations_total",
          "pullwarden_secret_writes_total",
          "pullwarden_sync_namespaces",
          "pullwarden_sync_last_success_timestamp_seconds",
          "pullwarden_credential_expiry_timestamp_seconds",
          "pullwarden_credential_renewal_due_timestamp_seconds",
          "pullwarden_lease_renewals_total",
          "pullwarden_propagation_seconds_bucket");

  @Test
  void lintsWithTheDefaultsAndWithEveryOptionAndItsSchemaRejectsUnknownKeys(@TempDir Path dir)
      throws Exception {
    assertThat(HelmChart.lint()).matches(HelmChart.Run::succeeded, "lint passes");
    assertThat(HelmChart.lint(HelmChart.ALL_OPTIONS))
        .matches(HelmChart.Run::succeeded, "lint passes with every option on");

    Path typo = Files.writeString(dir.resolve("typo.yaml"), "agent:\n  logLvl: DEBUG\n");
    HelmChart.Run rejected = HelmChart.lint(typo);
    assertThat(rejected.succeeded()).isFalse();
    assertThat(rejected.stdout() + rejected.stderr()).contains("logLvl");
  }

  /** The command that regenerates the chart's README, run from the repository's root. */
  static final String HELM_DOCS_COMMAND =
      "helm-docs --chart-search-root chart --skip-version-footer";

  @Test
  void theChartsReadmeIsWhatHelmDocsMakesOfTheValuesAndDescribesEveryKey() throws Exception {
    HelmChart.Run generated =
        HelmChart.run(
            List.of(
                TestDependencies.helmDocs().toString(),
                "--chart-search-root",
                HelmChart.CHART.toString(),
                "--skip-version-footer",
                "--dry-run",
                "--log-level",
                "warning"),
            "");
    assertThat(generated).matches(HelmChart.Run::succeeded, "helm-docs runs");
    String readme = Files.readString(HelmChart.CHART.resolve("README.md"));
    assertThat(readme.strip())
        .as(
            "chart/pullwarden/README.md is stale; regenerate it from the repository's root with: "
                + HELM_DOCS_COMMAND
                + " (helm-docs from scripts/install-test-deps)")
        .isEqualTo(generated.stdout().strip());
    List<String> undescribed =
        readme
            .lines()
            .filter(line -> line.startsWith("| ") && line.endsWith("|  |"))
            .map(line -> line.split("\\|")[1].strip())
            .toList();
    assertThat(undescribed).as("values without a '# --' description in values.yaml").isEmpty();
  }

  @Test
  void artifactHubListsTheImageTheChartInstalls() throws Exception {
    String chart = Files.readString(HelmChart.CHART.resolve("Chart.yaml"));
    Matcher appVersion = Pattern.compile("(?m)^appVersion: \"?([^\"\\s]+)").matcher(chart);
    assertThat(appVersion.find()).as("Chart.yaml has an appVersion").isTrue();
    assertThat(chart)
        .as("artifacthub.io/images names the image of the chart's appVersion")
        .contains("image: ghcr.io/pullwarden/pullwarden:" + appVersion.group(1) + "\n");
  }

  @Test
  void theAlertRulesAndTheDashboardAreValid() throws Exception {
    HelmChart.Run check =
        HelmChart.run(
            List.of(
                PrometheusServer.promtool().toString(),
                "check",
                "rules",
                HelmChart.CHART.resolve("files/alerts.yaml").toString()),
            "");
    assertThat(check).matches(HelmChart.Run::succeeded, "promtool accepts the rules file");

    JsonNode dashboard =
        new ObjectMapper().readTree(HelmChart.CHART.resolve("files/dashboard.json").toFile());
    List<String> expressions = dashboard.findValues("expr").stream().map(JsonNode::asText).toList();
    assertThat(expressions).isNotEmpty();
    Set<String> used = new TreeSet<>();
    expressions.forEach(
        expr -> PULLWARDEN_METRIC.matcher(expr).results().forEach(m -> used.add(m.group())));
    // Every metric of docs/design.md has a panel, and no panel uses a name the design lacks.
    assertThat(used).containsExactlyInAnyOrderElementsOf(DESIGN_METRICS);
  }
}
