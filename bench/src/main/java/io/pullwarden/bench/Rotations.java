package io.pullwarden.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * The timed heart of the benchmark at one N: runs of raw-limit loops (one per HTTP client) each
 * followed by a credential rotation, interleaved so that a change in the machine's load hits both
 * alike. Each rotation is timed from the central Secret's update to the watch showing the last
 * namespace current, with the store fetches it cost and the CPU every process spent on it.
 */
final class Rotations {

  /**
   * @param rawLimit raw-limit loop times by HTTP client
   * @param firstArrival from the central change to the first namespace seen current: detection and
   *     fetch, before the writes
   * @param rawCpu mean CPU seconds per raw loop, by HTTP client, then by process
   * @param fanOutCpu mean CPU seconds per fan-out, by process
   * @param apiRequests what every client asked of kube-apiserver during each fan-out, by verb and
   *     resource
   * @param gcPauses the agent's garbage-collection pauses during each fan-out: count and total
   */
  record Results(
      Map<HttpClientKind, List<Duration>> rawLimit,
      List<Duration> fanOut,
      List<Duration> firstArrival,
      List<Duration> propagation,
      List<Integer> fetches,
      Map<HttpClientKind, Map<String, Double>> rawCpu,
      Map<String, Double> fanOutCpu,
      List<Map<String, Double>> apiRequests,
      List<String> gcPauses) {

    /** The raw limit: the median loop on the agent's own HTTP client, as the issue defines it. */
    Duration rawMedian() {
      return rawMedian(AGENT_HTTP_CLIENT);
    }

    /** The fastest HTTP client's median: the best this API server did with any client. */
    Duration fastestRawMedian() {
      return rawLimit.keySet().stream().map(this::rawMedian).min(Duration::compareTo).orElseThrow();
    }

    Duration rawMedian(HttpClientKind kind) {
      return LatencySummary.of(rawLimit.get(kind)).median();
    }

    Duration fanOutMedian() {
      return LatencySummary.of(fanOut).median();
    }

    /** The fan-out ratio: median fan-out time over the raw limit. */
    double ratio() {
      return LatencySummary.ratio(fanOutMedian(), rawMedian());
    }

    /** Median fan-out time over the fastest client's median raw loop. */
    double ratioToFastest() {
      return LatencySummary.ratio(fanOutMedian(), fastestRawMedian());
    }
  }

  /** The HTTP client the agent's distribution runs on (see {@link HttpClientKind}). */
  static final HttpClientKind AGENT_HTTP_CLIENT = HttpClientKind.JDK_HTTP11;

  private final BenchCluster cluster;
  private final ManagedSecretWatch watch;
  private final List<RawWriteLimit> raws;
  private int rotation;

  Rotations(BenchCluster cluster, ManagedSecretWatch watch, List<RawWriteLimit> raws) {
    this.cluster = cluster;
    this.watch = watch;
    this.raws = raws;
  }

  /** The password the central Secret holds now. */
  String password() {
    return "rotation-" + rotation;
  }

  /** One rotation and raw loops, untimed but awaited: warm-up for the JITs on both sides. */
  Duration warmUp(List<String> namespaces, Duration patience) throws Exception {
    for (RawWriteLimit raw : raws) {
      raw.measure(namespaces, "warm-up-" + rotation);
    }
    long start = System.nanoTime();
    return Duration.ofNanos(rotate(namespaces, patience).lastNanos() - start);
  }

  Results measure(LaunchedAgent agent, List<String> namespaces, int runs, Duration patience)
      throws Exception {
    int n = namespaces.size();
    CpuAccount cpu = CpuAccount.of(agent.javaPid());
    Map<HttpClientKind, List<Duration>> rawLimit = new EnumMap<>(HttpClientKind.class);
    Map<HttpClientKind, List<Map<String, Double>>> rawCpu = new EnumMap<>(HttpClientKind.class);
    Results results =
        new Results(
            rawLimit,
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new EnumMap<>(HttpClientKind.class),
            Map.of(),
            new ArrayList<>(),
            new ArrayList<>());
    List<Map<String, Double>> fanOutCpu = new ArrayList<>();
    for (int i = 1; i <= runs; i++) {
      StringBuilder line = new StringBuilder();
      for (RawWriteLimit raw : raws) {
        CpuAccount.Snapshot start = cpu.snapshot();
        Duration took = raw.measure(namespaces, "raw-" + n + "-" + i);
        Map<String, Double> used = CpuAccount.seconds(start, cpu.snapshot());
        rawLimit.computeIfAbsent(raw.kind(), k -> new ArrayList<>()).add(took);
        rawCpu.computeIfAbsent(raw.kind(), k -> new ArrayList<>()).add(used);
        line.append(
            String.format(
                "raw limit (%s) %s [CPU s: %s]; ",
                raw.kind().label(), ResultsTable.s(took), CpuAccount.format(used)));
      }

      PrometheusText before = agent.metrics();
      Map<String, Double> requestsBefore = cluster.apiRequests();
      CpuAccount.Snapshot fanOutStart = cpu.snapshot();
      long start = System.nanoTime();
      Arrivals.Arrival arrival = rotate(namespaces, patience);
      fanOutCpu.add(CpuAccount.seconds(fanOutStart, cpu.snapshot()));
      results.fanOut().add(Duration.ofNanos(arrival.lastNanos() - start));
      results.firstArrival().add(Duration.ofNanos(arrival.firstNanos() - start));
      Thread.sleep(1000); // a second fetch, if there were one, would come right after
      PrometheusText after = agent.metrics();
      results.apiRequests().add(delta(requestsBefore, cluster.apiRequests()));
      results.fetches().add((int) fetches(before, after));
      results.gcPauses().add(gcPauses(before, after));
      results.propagation().add(propagation(before, after));
      Progress.say(
          "N=%d: run %d/%d: %sfan-out %s, first namespace after %s, agent says %s, %d fetch(es)"
              + " [CPU s: %s]",
          n,
          i,
          runs,
          line,
          ResultsTable.s(results.fanOut().getLast()),
          ResultsTable.ms(results.firstArrival().getLast()),
          ResultsTable.s(results.propagation().getLast()),
          results.fetches().getLast(),
          CpuAccount.format(fanOutCpu.getLast()));
    }
    Map<HttpClientKind, Map<String, Double>> meanRawCpu = new EnumMap<>(HttpClientKind.class);
    rawCpu.forEach((kind, accounts) -> meanRawCpu.put(kind, CpuAccount.mean(accounts)));
    return new Results(
        rawLimit,
        results.fanOut(),
        results.firstArrival(),
        results.propagation(),
        results.fetches(),
        meanRawCpu,
        CpuAccount.mean(fanOutCpu),
        results.apiRequests(),
        results.gcPauses());
  }

  private static String gcPauses(PrometheusText before, PrometheusText after) {
    long count =
        Math.round(
            after.sum("jvm_gc_pause_seconds_count") - before.sum("jvm_gc_pause_seconds_count"));
    double seconds = after.sum("jvm_gc_pause_seconds_sum") - before.sum("jvm_gc_pause_seconds_sum");
    return String.format(Locale.ROOT, "%d in %.0f ms", count, seconds * 1000);
  }

  /** The counters that moved from {@code before} to {@code after}, by how much. */
  static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> moved = new TreeMap<>();
    after.forEach(
        (key, value) -> {
          double change = value - before.getOrDefault(key, 0.0);
          if (change > 0) {
            moved.put(key, change);
          }
        });
    return moved;
  }

  private Arrivals.Arrival rotate(List<String> namespaces, Duration patience)
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
