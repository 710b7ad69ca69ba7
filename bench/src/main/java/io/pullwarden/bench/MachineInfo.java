package io.pullwarden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The machine a run happened on, and how busy it was: timings from a shared two-core machine mean
 * little without the load average that went with them, so it is sampled all through the run.
 */
final class MachineInfo implements AutoCloseable {

  private final List<Double> loadSamples = new ArrayList<>();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("load-sampler").unstarted(r));

  MachineInfo() {
    sampler.scheduleAtFixedRate(this::sample, 0, 5, TimeUnit.SECONDS);
  }

  /** The 1-minute load average now. */
  static double loadAverage() {
    return Double.parseDouble(read("/proc/loadavg").split("\\s+")[0]);
  }

  /** Cores, memory, kernel and JDK, as one line. */
  static String describe() {
    String memTotal =
        read("/proc/meminfo")
            .lines()
            .filter(l -> l.startsWith("MemTotal:"))
            .map(l -> l.replaceAll("\\D", ""))
            .findFirst()
            .map(kb -> String.format("%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0))
            .orElse("?");
    return Runtime.getRuntime().availableProcessors()
        + " cores, "
        + memTotal
        + " memory, Linux "
        + read("/proc/sys/kernel/osrelease").strip()
        + ", JDK "
        + System.getProperty("java.vendor")
        + " "
        + System.getProperty("java.runtime.version");
  }

  /** Minimum, mean and maximum of the 1-minute load average sampled every 5 s so far. */
  synchronized String loadSummary() {
    double min = loadSamples.stream().mapToDouble(d -> d).min().orElse(Double.NaN);
    double max = loadSamples.stream().mapToDouble(d -> d).max().orElse(Double.NaN);
    double mean = loadSamples.stream().mapToDouble(d -> d).average().orElse(Double.NaN);
    return String.format(
        "min %.2f, mean %.2f, max %.2f (%d samples)", min, mean, max, loadSamples.size());
  }

  private synchronized void sample() {
    loadSamples.add(loadAverage());
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      return "?";
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
