package io.pullwarden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;

/**
 * What every benchmark's {@code main} does around its measurements: refuse a bad command line with
 * its usage, and end with a report that says on which machine, against which API server and under
 * what load the figures were taken, printed and written to the work directory.
 */
final class BenchMain {

  private BenchMain() {}

  /** The options {@code parse} makes of {@code args}; exits with status 2 if it refuses them. */
  static <T> T options(String[] args, Function<String[], T> parse) {
    try {
      return parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      throw e;
    }
  }

  /**
   * Prints {@code table} after the run's context (when it began, the machine, the API server, the
   * load) and writes both to {@code results.md} in {@code workDir}.
   */
  static void report(
      Path workDir, Instant began, String machine, String apiServer, MachineInfo load, String table)
      throws IOException {
    String report =
        "began: "
            + began
            + "\nmachine: "
            + machine
            + "\nkube-apiserver: "
            + apiServer
            + "\nload average (1 min) during the run: "
            + load.loadSummary()
            + "\n\n"
            + table;
    Files.writeString(workDir.resolve("results.md"), report);
    System.out.println();
    System.out.println(report);
  }
}
