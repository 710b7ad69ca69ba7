package io.pullwarden.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent process's footprint at one moment. Peak RSS is the kernel's high-water mark ({@code
 * VmHWM}), so it covers the whole life of the process up to now, start-up and every fan-out
 * included; heap is what the JVM reports on {@code /metrics}, as scraped and again right after a
 * full collection (the live set, which is what grows if foreign Secrets were cached). Committed
 * heap, non-heap and threads explain the rest of the RSS.
 */
record AgentMemory(
    long peakRssBytes,
    long rssBytes,
    long heapUsedBytes,
    long heapLiveBytes,
    long heapCommittedBytes,
    long nonHeapUsedBytes,
    int threads) {

  static final long MIB = 1024 * 1024;

  /** A field of {@code /proc/<pid>/status} given in kB, in bytes. */
  static long procStatusBytes(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip())
              * 1024;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the status of process " + pid, e);
    }
    throw new IllegalStateException("process " + pid + " reports no " + field);
  }

  static String mib(long bytes) {
    return String.format("%.0f MiB", (double) bytes / MIB);
  }
}
