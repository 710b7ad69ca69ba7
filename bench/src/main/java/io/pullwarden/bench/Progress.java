package io.pullwarden.bench;

import java.util.Locale;

/**
 * Progress lines on stdout, stamped with the time since the run began and the load average, so a
 * reader of the output can tell a slow step from a busy machine.
 */
final class Progress {

  private static final long START = System.nanoTime();

  private Progress() {}

  static void say(String format, Object... args) {
    System.out.printf(
        Locale.ROOT,
        "[bench %7.1fs load %5.2f] %s%n",
        (System.nanoTime() - START) / 1e9,
        MachineInfo.loadAverage(),
        String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
