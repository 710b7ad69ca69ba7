package io.pullwarden.agent.cli;

import io.pullwarden.agent.plugins.PluginCatalog;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --plugins-dir} and {@code --plugin-load-timeout} options shared by the subcommands
 * that load plugins, so that all of them look in the same place by default ({@code plugins/} next
 * to the agent jar) and skip a hanging jar after the same time.
 */
final class PluginsDirOption {

  @Option(
      names = "--plugins-dir",
      paramLabel = "DIR",
      defaultValue = "${env:PULLWARDEN_PLUGINS_DIR}",
      description =
          "Directory of plugin jars. Default: $PULLWARDEN_PLUGINS_DIR, else plugins/ next to the"
              + " agent jar.")
  private Path directory;

  @Option(
      names = "--plugin-load-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "How long each plugin jar's own code (its constructor, start, its extensions'"
              + " constructors) may take to load; a jar that takes longer is skipped and named."
              + " Default: ${DEFAULT-VALUE}.")
  private String loadTimeout;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  Path directory() {
    return directory != null ? directory : PluginCatalog.defaultDirectory();
  }

  /** The time limit on each jar's code while loading. */
  Duration loadLimit() {
    // Above 5 min a few hanging jars would outlast the chart's start-up probe (300 s).
    return DurationOption.within(
        spec,
        "--plugin-load-timeout",
        loadTimeout,
        Duration.ofMillis(100),
        "100ms",
        Duration.ofMinutes(5),
        "5m");
  }
}
