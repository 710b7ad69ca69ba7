package io.pullwarden.agent.cli;

import io.pullwarden.agent.plugins.PluginCatalog;
import io.pullwarden.agent.plugins.PluginConflictException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pullwarden plugins}: loads the plugins exactly as the agent would and shows what came of
 * it, so an operator can check a plugins directory before deploying it. Exit code 1 means the agent
 * would refuse to start with this directory; skipped jars are listed but do not fail it.
 */
@Command(
    name = "plugins",
    mixinStandardHelpOptions = true,
    description = "Lists the plugins the agent loads, the types they serve and the jars skipped.")
final class PluginsCommand implements Callable<Integer> {

  @Mixin private PluginsDirOption pluginsDir;

  @Mixin private LogLevelOption logLevel;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    LogFormat.CONSOLE.apply(logLevel.or(LogLevelOption.Level.WARN));
    PrintWriter out = spec.commandLine().getOut();
    try (PluginCatalog catalog =
        PluginCatalog.load(pluginsDir.directory(), pluginsDir.loadLimit())) {
      new PluginReport(catalog).print(out);
      out.flush();
      return 0;
    } catch (PluginConflictException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("pullwarden: " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
