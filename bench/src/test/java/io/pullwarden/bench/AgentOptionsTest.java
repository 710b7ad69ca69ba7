package io.pullwarden.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

  private static final String CHART = "../chart/pullwarden/values.yaml";

  @Test
  void takesTheAgentsOptionsAndHandsTheScenarioItsOwn() {
    AgentOptions.Parsed parsed =
        AgentOptions.parse(
            new String[] {
              "--syncs",
              "50",
              "--agent-archive",
              "/tmp/old.tar.gz",
              "--crds",
              "/tmp/crds",
              "--agent-java-opts",
              "-Xmx64m"
            },
            Set.of("--syncs"),
            "usage",
            Path.of("work"));

    assertThat(parsed.agent())
        .isEqualTo(
            new AgentOptions(
                Path.of("/tmp/old.tar.gz"), Path.of("/tmp/crds"), Path.of("work"), "-Xmx64m"));
    assertThat(parsed.own()).isEqualTo(Map.of("--syncs", "50"));
    assertThat(parsed.count("--syncs", 500)).isEqualTo(50);
    assertThat(parsed.count("--namespaces", 3600)).isEqualTo(3600);
  }

  @Test
  void withoutJavaOptsTheAgentGetsTheChartsJvm() {
    AgentOptions agent =
        AgentOptions.parse(
                new String[] {"--chart-values", CHART}, Set.of(), "usage", Path.of("work"))
            .agent();

    assertThat(agent.javaOpts()).isEqualTo(ChartJvm.javaOpts(Path.of(CHART)));
    assertThat(agent.agentArchive())
        .isEqualTo(Path.of("bench/target/pullwarden-agent-dist.tar.gz"));
  }

  @Test
  void refusesAnOptionOfAnotherScenarioWithTheUsage() {
    assertThatThrownBy(
            () ->
                AgentOptions.parse(
                    new String[] {"--rotations", "5"}, Set.of("--syncs"), "usage: x", Path.of("w")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option --rotations")
        .hasMessageContaining("usage: x");
  }

  @Test
  void refusesAnOptionWithoutItsValue() {
    assertThatThrownBy(
            () -> AgentOptions.parse(new String[] {"--crds"}, Set.of(), "usage", Path.of("w")))
        .hasMessageContaining("--crds needs a value");
  }

  @Test
  void manySyncsDefaultsToTheIssuesSizesAndRefusesSyncsWithoutNamespaces() {
    ManySyncsOptions defaults = ManySyncsOptions.parse("--chart-values", CHART);
    assertThat(defaults.namespaces()).isEqualTo(3600);
    assertThat(defaults.syncs()).isEqualTo(500);
    assertThat(defaults.agent().workDir()).isEqualTo(Path.of("bench/target/many-syncs-run"));

    assertThatThrownBy(
            () ->
                ManySyncsOptions.parse(
                    "--namespaces", "10", "--syncs", "20", "--chart-values", CHART))
        .hasMessageContaining("--namespaces at least --syncs");
  }

  @Test
  void theFanOutBenchmarkKeepsItsOptions() {
    BenchOptions options =
        BenchOptions.parse(
            "--namespaces", "50,200", "--rotations", "1", "--agent-java-opts", "-Xmx64m");
    assertThat(options.scales()).containsExactly(50, 200);
    assertThat(options.rotations()).isEqualTo(1);
    assertThat(options.warmUps()).isEqualTo(8);
    assertThat(options.agent().workDir()).isEqualTo(Path.of("bench/target/bench-run"));
  }
}
