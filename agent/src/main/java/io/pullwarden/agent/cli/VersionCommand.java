package io.pullwarden.agent.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pullwarden version}: the versions of Pullwarden, the JVM and the key libraries, for bug
 * reports and for checking what an image really contains.
 */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Prints the versions of Pullwarden, Java and the libraries it runs on.")
final class VersionCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ComponentVersions.lines().forEach(out::println);
    out.flush();
    return 0;
  }
}
