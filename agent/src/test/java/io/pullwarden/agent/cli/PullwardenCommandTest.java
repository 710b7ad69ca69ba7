package io.pullwarden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pf4j.Pf4jInfo;

class PullwardenCommandTest {

  @Test
  void versionPrintsPullwardenJavaAndLibraryVersions() {
    CommandRun run = CommandRun.of("version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("pullwarden dev\n") // tests run from classes, not from the built jar
        .contains("java " + Runtime.version())
        .contains("pf4j " + Pf4jInfo.VERSION)
        .contains("picocli ");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void versionOptionPrintsTheSame() {
    assertThat(CommandRun.of("--version").out()).isEqualTo(CommandRun.of("version").out());
  }

  @Test
  void helpListsTheSubcommands() {
    CommandRun run = CommandRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("run", "render", "plugins", "version");
  }

  @Test
  void noSubcommandShowsUsageOnStderrAsBadUsage() {
    CommandRun run = CommandRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("Usage: pullwarden");
  }

  @Test
  void anUnknownSubcommandIsOneLineOnStderr() {
    CommandRun run = CommandRun.of("frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("pullwarden: ").contains("frobnicate").hasLineCount(1);
  }

  @Test
  void aBadLogLevelIsBadUsage() {
    CommandRun run = CommandRun.of("plugins", "--log-level", "loud");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("pullwarden: ")
        .contains("--log-level")
        .contains("loud")
        .hasLineCount(1);
  }

  @Test
  void aFailureIsDescribedWithItsCausesSoTheRealReasonShows() {
    Exception failure =
        new IllegalStateException(
            "Error starting operator",
            new RuntimeException(
                "No permission to lease resource", new java.io.IOException((String) null)));

    assertThat(PullwardenCommand.describe(failure))
        .isEqualTo("Error starting operator: No permission to lease resource: IOException");
  }
}
