package io.pullwarden.agent.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code pullwarden} command line, the agent jar's entry point: {@code run} (the agent), {@code
 * render}, {@code plugins}, {@code version}, {@code diagnose} (why a pod cannot pull) and {@code
 * check-ready} (the chart's {@code helm test}). Exit codes follow picocli: 0 success, 1 a failure
 * while running, 2 bad usage (or a subcommand this build does not have). Errors reach stderr as one
 * line starting with {@code pullwarden:}.
 */
@Command(
    name = "pullwarden",
    mixinStandardHelpOptions = true,
    versionProvider = ComponentVersions.class,
    description = "Keeps registry pull Secrets in sync with credentials in secret stores.",
    subcommands = {
      RunCommand.class,
      RenderCommand.class,
      PluginsCommand.class,
      VersionCommand.class,
      CheckReadyCommand.class,
      DiagnoseCommand.class,
      HelpCommand.class
    })
public final class PullwardenCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run it in process with their own out and err writers. */
  public static CommandLine commandLine() {
    return commandLine(CommandLine.defaultFactory());
  }

  /** The command line with subcommands made by {@code factory}, for tests that inject fakes. */
  static CommandLine commandLine(CommandLine.IFactory factory) {
    CommandLine commandLine = new CommandLine(new PullwardenCommand(), factory);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine failed = e.getCommandLine();
          printError(
              failed.getErr(),
              e.getMessage() + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
          return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
    commandLine.setExecutionExceptionHandler(
        (e, failed, parseResult) -> {
          LoggerFactory.getLogger(PullwardenCommand.class)
              .debug("{} failed", failed.getCommandSpec().qualifiedName(), e);
          printError(failed.getErr(), describe(e));
          return failed.getCommandSpec().exitCodeOnExecutionException();
        });
    return commandLine;
  }

  /**
   * A failure and its causes in one line, such as "Error starting operator: No permission to lease
   * resource": a wrapper's message alone hides why (a missing RBAC verb, an unreachable API
   * server). Failures here come from the agent, the operator framework and the Kubernetes client,
   * not from a plugin's session, so their messages hold no credential.
   */
  static String describe(Throwable failure) {
    List<String> parts = new ArrayList<>();
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
      String message = cause.getMessage();
      String part =
          message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
      if (parts.isEmpty() || !parts.get(parts.size() - 1).contains(part)) {
        parts.add(part);
      }
    }
    return String.join(": ", parts);
  }

  /** Without a subcommand there is nothing to do: show what there is, and fail as bad usage. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return spec.exitCodeOnInvalidInput();
  }

  private static void printError(PrintWriter err, String message) {
    err.println("pullwarden: " + message);
    err.flush();
  }
}
