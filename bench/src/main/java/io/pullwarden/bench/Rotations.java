package io.pullwarden.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The timed heart of the benchmark at one N: pairs of a raw-limit loop and a credential rotation,
 * interleaved so that a change in the machine's load hits both alike. Each rotation is timed from
 * the central Secret's update to the watch showing the last namespace current, with the store
 * fetches it cost and the CPU every process spent on it.
 */
final class Rotations {

  /**
   * @param firstArrival from the central change to the first namespace seen current: detection and
   *     fetch, before the writes
   * @param rawCpu mean CPU seconds per raw loop, by process
   * @param fanOutCpu mean CPU seconds per fan-out, by process
   */
  record Results(
      List<Duration> rawLimit,
      List<Duration> fanOut,
      List<Duration> firstArrival,
      List<Duration> propagation,
      List<Integer> fetches,
      Map<String, Double> rawCpu,
      Map<String, Double> fanOutCpu) {

    Duration rawMedian() {
      return LatencySummary.of(rawLimit).median();
    }

    Duration fanOutMedian() {
      return LatencySummary.of(fanOut).median();
    }

    /** Median fan-out time over median raw-limit time. */
    double ratio() {
      return LatencySummary.ratio(fanOutMedian(), rawMedian());
    }
  }

  private final BenchCluster cluster;
  private final ManagedSecretWatch watch;
  private final RawWriteLimit raw;
  private int rotation;

  Rotations(BenchCluster cluster, ManagedSecretWatch watch, RawWriteLimit raw) {
    this.cluster = cluster;
    this.watch = watch;
    this.raw = raw;
  }

  /** The password the central Secret holds now. */
  String password() {
    return "rotation-" + rotation;
  }

  /** One rotation, untimed but awaited: warms the agent's write path and the raw loop's. */
  Duration warmUp(List<String> namespaces, Duration patience) throws Exception {
    raw.measure(namespaces, "warm-up");
    long start = System.nanoTime();
    return Duration.ofNanos(rotate(namespaces, patience).lastNanos() - start);
  }

  Results measure(LaunchedAgent agent, List<String> namespaces, int runs, Duration patience)
      throws Exception {
    int n = namespaces.size();
    CpuAccount cpu = CpuAccount.of(agent.javaPid());
    Results results =
        new Results(
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            Map.of(),
            Map.of());
    List<Map<String, Double>> rawCpu = new ArrayList<>();
    List<Map<String, Double>> fanOutCpu = new ArrayList<>();
    for (int i = 1; i <= runs; i++) {
      CpuAccount.Snapshot rawStart = cpu.snapshot();
      results.rawLimit().add(raw.measure(namespaces, "raw-" + n + "-" + i));
      rawCpu.add(CpuAccount.seconds(rawStart, cpu.snapshot()));

      PrometheusText before = agent.metrics();
      CpuAccount.Snapshot fanOutStart = cpu.snapshot();
      long start = System.nanoTime();
      ManagedSecretWatch.Arrival arrival = rotate(namespaces, patience);
      fanOutCpu.add(CpuAccount.seconds(fanOutStart, cpu.snapshot()));
      results.fanOut().add(Duration.ofNanos(arrival.lastNanos() - start));
      results.firstArrival().add(Duration.ofNanos(arrival.firstNanos() - start));
      Thread.sleep(1000); // a second fetch, if there were one, would come right after
      PrometheusText after = agent.metrics();
      results.fetches().add((int) fetches(before, after));
      results.propagation().add(propagation(before, after));
      Progress.say(
          "N=%d: run %d/%d: raw limit %s [CPU s: %s]; fan-out %s, first namespace after %s, agent"
              + " says %s, %d fetch(es) [CPU s: %s]",
          n,
          i,
          runs,
          ResultsTable.s(results.rawLimit().getLast()),
          CpuAccount.format(rawCpu.getLast()),
          ResultsTable.s(results.fanOut().getLast()),
          ResultsTable.ms(results.firstArrival().getLast()),
          ResultsTable.s(results.propagation().getLast()),
          results.fetches().getLast(),
          CpuAccount.format(fanOutCpu.getLast()));
    }
    return new Results(
        results.rawLimit(),
        results.fanOut(),
        results.firstArrival(),
        results.propagation(),
        results.fetches(),
        CpuAccount.mean(rawCpu),
        CpuAccount.mean(fanOutCpu));
  }

  private ManagedSecretWatch.Arrival rotate(List<String> namespaces, Duration patience)
      throws TimeoutException, InterruptedException {
    rotation++;
    cluster.rotate(password());
    int n = namespaces.size();
    return watch.awaitAll(
        namespaces,
        password(),
        patience,
        done -> Progress.say("N=%d: fan-out: %d of %d namespaces current", n, done, n));
  }

  static long fetches(PrometheusText before, PrometheusText after) {
    return delta(before, after, "pullwarden_source_requests_total", Map.of("operation", "fetch"));
  }

  static long delta(
      PrometheusText before, PrometheusText after, String counter, Map<String, String> labels) {
    return Math.round(after.sum(counter, labels) - before.sum(counter, labels));
  }

  private static Duration propagation(PrometheusText before, PrometheusText after) {
    Map<String, String> sync = Map.of("sync", BenchCluster.SYNC);
    double count =
        after.sum("pullwarden_propagation_seconds_count", sync)
            - before.sum("pullwarden_propagation_seconds_count", sync);
    double sum =
        after.sum("pullwarden_propagation_seconds_sum", sync)
            - before.sum("pullwarden_propagation_seconds_sum", sync);
    return count == 0 ? Duration.ZERO : Duration.ofNanos((long) (sum / count * 1e9));
  }
}
