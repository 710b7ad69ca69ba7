package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A short-lived tool run to completion (initdb, pg_ctl, psql), as opposed to a {@link
 * ServerProcess}. Output goes through a temporary file rather than a pipe, so a tool that hangs
 * cannot block the reader past the timeout.
 */
final class Command {

  /** How a command ended: its exit code and its standard output and error, interleaved. */
  record Result(int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  private Command() {}

  /** Runs {@code tool} with {@code arguments} to completion, or kills it after {@code timeout}. */
  static Result run(Path tool, Duration timeout, String... arguments) {
    List<String> command = new ArrayList<>(List.of(tool.toString()));
    command.addAll(List.of(arguments));
    return run(command, Map.of(), timeout);
  }

  /**
   * As {@link #run(Path, Duration, String...)}, for a step that must succeed: a failure names the
   * tool, its arguments (never secrets: callers pass none) and what it printed.
   */
  static Result require(Path tool, Duration timeout, String... arguments) {
    Result result = run(tool, timeout, arguments);
    if (!result.succeeded()) {
      throw new IllegalStateException(
          tool.getFileName() + " " + String.join(" ", arguments) + " failed: " + result.output());
    }
    return result;
  }

  static Result run(List<String> command, Map<String, String> extraEnv, Duration timeout) {
    Path output = null;
    try {
      output = Files.createTempFile("pullwarden-command", ".out");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(extraEnv);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        return new Result(-1, "timed out after " + timeout + ": " + read(output));
      }
      return new Result(process.exitValue(), read(output));
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }

  private static String read(Path output) throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }
}
