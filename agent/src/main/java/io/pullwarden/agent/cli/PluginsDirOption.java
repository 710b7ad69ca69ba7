package io.pullwarden.agent.cli;

import io.pullwarden.agent.plugins.PluginCatalog;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --plugins-dir} option shared by the subcommands that load plugins, so that all of them
 * look in the same place by default: {@code plugins/} next to the agent jar.
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

  Path directory() {
    return directory != null ? directory : PluginCatalog.defaultDirectory();
  }
}
