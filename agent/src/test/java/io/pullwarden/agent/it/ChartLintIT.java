package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pullwarden.testenv.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of the chart in {@code chart/pullwarden}, each checked by its own tool without a
 * cluster: {@code helm lint --strict} passes with the defaults and with every option on, and the
 * values schema rejects an unknown key; promtool accepts the alert rules; the Grafana dashboard
 * uses exactly the metrics of docs/design.md. {@link ChartManifestsIT} takes the rendered manifests
 * to an API server.
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
