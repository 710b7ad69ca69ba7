package io.pullwarden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.agent.source.RetryBackoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {

  private final List<RunOptions> runs = new ArrayList<>();

  private final CommandLine.IFactory withRunner =
      runCommandWith(
          Optional.of(
              options -> {
                runs.add(options);
                return 0;
              }));

  /** Subcommands as picocli makes them, except 'run', which gets {@code runner}. */
  private static CommandLine.IFactory runCommandWith(Optional<AgentRunner> runner) {
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == RunCommand.class
            ? type.cast(new RunCommand(() -> runner))
            : CommandLine.defaultFactory().create(type);
      }
    };
  }

  @AfterEach
  void quietLogging() {
    LogFormat.CONSOLE.apply(LogLevelOption.Level.WARN);
  }

  @Test
  void withoutAnAgentRunnerItSaysSoAndExitsWithTwo() {
    CommandRun run = CommandRun.with(runCommandWith(Optional.empty()), "run", "--namespace", "ns");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "pullwarden: 'run' is not available in this build (no"
                + " io.pullwarden.agent.cli.AgentRunner implementation is registered)\n");
  }

  @Test
  void handsTheResolvedOptionsToTheAgentRunner() {
    CommandRun run =
        CommandRun.with(
            withRunner,
            "run",
            "--namespace",
            "pullwarden-system",
            "--metrics-port",
            "9090",
            "--plugins-dir",
            "/opt/plugins",
            "--log-level",
            "debug");

    assertThat(run.exitCode()).isZero();
    assertThat(runs)
        .containsExactly(
            new RunOptions(
                Path.of("/opt/plugins"),
                Duration.ofSeconds(10),
                9090,
                "pullwarden-system",
                Optional.of(new RunOptions.LeaderElection("pullwarden", Duration.ofSeconds(15))),
                262144,
                List.of(Path.of("/var/run/secrets/pullwarden/tokens")),
                RetryBackoff.DEFAULT));
  }

  @Test
  void theRetryDelaysCanBeSet() {
    CommandRun.with(
        withRunner,
        "run",
        "--namespace",
        "ns",
        "--retry-delay",
        "500ms",
        "--max-retry-delay",
        "1m");

    assertThat(runs)
        .singleElement()
        .extracting(RunOptions::retryBackoff)
        .isEqualTo(new RetryBackoff(Duration.ofMillis(500), Duration.ofMinutes(1), 0.2));
  }

  @Test
  void retryDelaysOutOfBoundsOrNotDurationsAreBadUsageNamingTheFlag() {
    assertThat(badUsage("--retry-delay", "10m", "--max-retry-delay", "5m"))
        .startsWith(
            "pullwarden: --max-retry-delay must be between --retry-delay (10m) and 24h, not 5m");
    assertThat(badUsage("--retry-delay", "1ms"))
        .startsWith("pullwarden: --retry-delay must be between 100ms and 1h, not 1ms");
    assertThat(badUsage("--max-retry-delay", "2d"))
        .startsWith("pullwarden: --max-retry-delay must be between --retry-delay (10s) and 24h");
    assertThat(badUsage("--retry-delay", "soon")).startsWith("pullwarden: --retry-delay: ");
    assertThat(badUsage("--max-retry-delay", "9999999999999999d"))
        .startsWith("pullwarden: --max-retry-delay: ");
    assertThat(runs).isEmpty();
  }

  /** What {@code run} with {@code flags} prints to stderr; fails unless it exits with 2. */
  private String badUsage(String... flags) {
    List<String> arguments = new ArrayList<>(List.of("run", "--namespace", "ns"));
    arguments.addAll(List.of(flags));
    CommandRun run = CommandRun.with(withRunner, arguments.toArray(String[]::new));
    assertThat(run.exitCode()).as("exit code of %s", arguments).isEqualTo(2);
    return run.err();
  }

  @Test
  void theSecretSizeLimitAndTheTokenDirectoriesCanBeSet() {
    CommandRun.with(
        withRunner,
        "run",
        "--namespace",
        "ns",
        "--max-secret-bytes",
        "65536",
        "--token-dir",
        "/var/run/secrets/vault,/var/run/secrets/other");

    assertThat(runs).singleElement().extracting(RunOptions::maxSecretBytes).isEqualTo(65536);
    assertThat(runs)
        .singleElement()
        .extracting(RunOptions::tokenDirectories)
        .isEqualTo(List.of(Path.of("/var/run/secrets/vault"), Path.of("/var/run/secrets/other")));
  }

  @Test
  void aSecretSizeLimitAboveTheApiServersIsBadUsage() {
    CommandRun run =
        CommandRun.with(withRunner, "run", "--namespace", "ns", "--max-secret-bytes", "2000000");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("pullwarden: --max-secret-bytes must be between 1 and 1048576");
    assertThat(runs).isEmpty();
  }

  @Test
  void leaderElectionCanBeTunedOrTurnedOff() {
    CommandRun.with(
        withRunner,
        "run",
        "--namespace",
        "ns",
        "--plugins-dir",
        "/p",
        "--lease-name",
        "pw",
        "--lease-duration",
        "6s");
    CommandRun.with(
        withRunner, "run", "--namespace", "ns", "--plugins-dir", "/p", "--no-leader-election");

    assertThat(runs)
        .extracting(RunOptions::leaderElection)
        .containsExactly(
            Optional.of(new RunOptions.LeaderElection("pw", Duration.ofSeconds(6))),
            Optional.empty());
  }

  @Test
  void theMetricsPortDefaultsTo8080() {
    CommandRun.with(withRunner, "run", "--namespace", "ns", "--plugins-dir", "/p");

    assertThat(runs).singleElement().extracting(RunOptions::metricsPort).isEqualTo(8080);
  }

  @Test
  void aMetricsPortOutOfRangeIsBadUsage() {
    CommandRun run = CommandRun.with(withRunner, "run", "--namespace", "ns", "--metrics-port", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("pullwarden: --metrics-port must be between 1 and 65535");
    assertThat(runs).isEmpty();
  }
}
