package io.pullwarden.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the {@code pullwarden} command line, with what it printed, so CLI tests
 * read like the shell sessions they stand for.
 *
 * @param exitCode the exit code the process would have returned
 * @param out what went to stdout
 * @param err what went to stderr
 */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun of(String... args) {
    return with(CommandLine.defaultFactory(), args);
  }

  static CommandRun with(CommandLine.IFactory factory, String... args) {
    CommandLine commandLine = PullwardenCommand.commandLine(factory);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }
}
