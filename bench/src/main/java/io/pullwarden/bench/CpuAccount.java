package io.pullwarden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the CPU went during a timed step: the agent, the benchmark's own JVM, kube-apiserver, etcd,
 * and everything else on the machine ("others", from {@code /proc/stat}). On two shared cores a
 * wall time means little without this: it tells a slower write path from a busier machine.
 */
final class CpuAccount {

  /** The roles in the order they are reported; "others" is the rest of the machine. */
  static final List<String> ROLES = List.of("agent", "bench", "kube-apiserver", "etcd", "others");

  /** Linux reports process CPU time in clock ticks of 1/100 s on every common architecture. */
  private static final double TICKS_PER_SECOND = 100;

  /** CPU ticks per role, and the machine's busy ticks, at one moment. */
  record Snapshot(Map<String, Long> ticks, long machineBusy) {}

  private final Map<String, Long> pids;

  private CpuAccount(Map<String, Long> pids) {
    this.pids = pids;
  }

  /** Accounts for the agent, this JVM, and the kube-apiserver and etcd this JVM started. */
  static CpuAccount of(long agentPid) {
    Map<String, Long> pids = new LinkedHashMap<>();
    pids.put("agent", agentPid);
    pids.put("bench", ProcessHandle.current().pid());
    ProcessHandle.current()
        .descendants()
        .forEach(
            p -> {
              String comm = read(Path.of("/proc", String.valueOf(p.pid()), "comm")).strip();
              if (comm.equals("kube-apiserver") || comm.equals("etcd")) {
                pids.putIfAbsent(comm, p.pid());
              }
            });
    return new CpuAccount(pids);
  }

  Snapshot snapshot() {
    Map<String, Long> ticks = new LinkedHashMap<>();
    pids.forEach((role, pid) -> ticks.put(role, processTicks(pid)));
    return new Snapshot(ticks, machineBusyTicks());
  }

  /** CPU seconds per role between two snapshots, "others" included. */
  static Map<String, Double> seconds(Snapshot before, Snapshot after) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    long ours = 0;
    for (String role : ROLES) {
      if (after.ticks().containsKey(role)) {
        long used = after.ticks().get(role) - before.ticks().get(role);
        ours += used;
        seconds.put(role, used / TICKS_PER_SECOND);
      }
    }
    seconds.put(
        "others",
        Math.max(0, after.machineBusy() - before.machineBusy() - ours) / TICKS_PER_SECOND);
    return seconds;
  }

  /** The element-wise mean of several accounts. */
  static Map<String, Double> mean(List<Map<String, Double>> accounts) {
    Map<String, Double> mean = new LinkedHashMap<>();
    for (String role : ROLES) {
      accounts.stream()
          .filter(a -> a.containsKey(role))
          .mapToDouble(a -> a.get(role))
          .average()
          .ifPresent(value -> mean.put(role, value));
    }
    return mean;
  }

  /** "agent 1.20, bench 0.30, …" in the order of {@link #ROLES}. */
  static String format(Map<String, Double> seconds) {
    return seconds.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static long processTicks(long pid) {
    String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
    // Fields after the command name (which may hold spaces) start at field 3; utime, stime: 14, 15.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static long machineBusyTicks() {
    String[] cpu = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().split("\\s+");
    // cpu user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      busy += Long.parseLong(cpu[i]);
    }
    return busy;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
