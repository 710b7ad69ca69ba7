package io.pullwarden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the CPU went during a timed step: the agent, the benchmark's own JVM, kube-apiserver, etcd,
 * and everything else on the machine ("others", from {@code /proc/stat}). On two shared cores a
 * wall time means little without this: it tells a slower write path from a busier machine. The
 * agent's share is also split: "agent JIT" is the part its JIT compiler threads used (already
 * counted in "agent"), which on two cores competes with the writes for long after start-up; "bench
 * JIT" is the same for this JVM.
 */
final class CpuAccount {

  /** The agent's JIT compiler threads: a part of "agent", not added to the machine's total. */
  static final String AGENT_JIT = "agent JIT";

  /** The same for this JVM, which makes the raw loops. */
  static final String BENCH_JIT = "bench JIT";

  /** The roles in the order they are reported; "others" is the rest of the machine. */
  static final List<String> ROLES =
      List.of("agent", AGENT_JIT, "bench", BENCH_JIT, "kube-apiserver", "etcd", "others");

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
    ticks.put(AGENT_JIT, compilerTicks(pids.get("agent")));
    ticks.put(BENCH_JIT, compilerTicks(pids.get("bench")));
    return new Snapshot(ticks, machineBusyTicks());
  }

  /** CPU seconds per role between two snapshots, "others" included. */
  static Map<String, Double> seconds(Snapshot before, Snapshot after) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    long ours = 0;
    for (String role : ROLES) {
      if (after.ticks().containsKey(role)) {
        long used = after.ticks().get(role) - before.ticks().get(role);
        ours += role.equals(AGENT_JIT) || role.equals(BENCH_JIT) ? 0 : used;
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
    return ticks(read(Path.of("/proc", String.valueOf(pid), "stat")));
  }

  /**
   * CPU ticks of the threads HotSpot names "C1 CompilerThread…" and "C2 CompilerThread…" now.
   * HotSpot may end idle compiler threads beyond the first of each kind, and the CPU of one that
   * ended between two snapshots is missing from their difference, so "JIT" figures are a lower
   * bound. With two CPUs there is one thread of each kind, and neither ends.
   */
  private static long compilerTicks(long pid) {
    long total = 0;
    try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path thread : threads.toList()) {
        try {
          String name = Files.readString(thread.resolve("comm")).strip();
          if (name.matches("C\\d CompilerThre.*")) {
            total += ticks(Files.readString(thread.resolve("stat")));
          }
        } catch (IOException threadEnded) {
          // see compilerTicks: its CPU is missing from this snapshot
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the threads of " + pid, e);
    }
    return total;
  }

  private static long ticks(String stat) {
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
