package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.testenv.PrometheusServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules the chart ships ({@code chart/pullwarden/files/alerts.yaml}) are valid and do
 * what their unit tests say: a failing sync, a credential renewal that is overdue, an open circuit
 * and failing namespaces fire after their {@code for} period, and healthy series (a 1 h lease
 * renewed on time among them) never do.
 */
class AlertRulesIT {

  private static final Path RULES = Path.of("..", "chart", "pullwarden", "files");

  @Test
  void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
    assertThat(promtool("check", "rules", "alerts.yaml")).contains("SUCCESS: 5 rules found");
    assertThat(promtool("test", "rules", "alerts_test.yaml")).contains("SUCCESS");
  }

  private static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(PrometheusServer.promtool().toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
