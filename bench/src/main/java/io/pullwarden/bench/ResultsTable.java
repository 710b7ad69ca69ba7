package io.pullwarden.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The results of a run as the Markdown that {@code docs/benchmarks.md} carries: one column per
 * namespace count, then the two summary lines the issue asks for in a fixed form.
 */
final class ResultsTable {

  private ResultsTable() {}

  static String markdown(List<ScaleResult> results) {
    StringBuilder out = new StringBuilder();
    out.append("| measurement |")
        .append(columns(results, r -> " N = " + String.format(Locale.ROOT, "%,d", r.namespaces())))
        .append('\n')
        .append("|---|")
        .append("---|".repeat(results.size()))
        .append('\n');
    row(out, results, "unrelated Secrets in the cluster", r -> count(r.unrelatedSecrets()));
    row(
        out,
        results,
        "of them, lookalikes labelled as Pullwarden's, "
            + BenchCluster.LOOKALIKE_KIB
            + " KiB each (hostile; memory must stay flat)",
        r -> count(BenchCluster.lookalikes(r.namespaces())));
    row(
        out,
        results,
        "initial sync (N creates, agent start → all current)",
        r -> s(r.initialSync()));
    row(
        out,
        results,
        "JVM start (bin/pullwarden version), median (each run)",
        r -> s(LatencySummary.of(r.jvmStart()).median()) + " (" + each(r.jvmStart()) + ")");
    row(
        out,
        results,
        "raw loop of N creates, 16 in flight, on the agent's HTTP client",
        r -> s(r.rawCreates()));
    row(
        out,
        results,
        "initial sync target 1.5 × (JVM start + raw creates)",
        r ->
            s(r.initialSyncTarget())
                + (r.initialSync().compareTo(r.initialSyncTarget()) <= 0 ? ": met" : ": missed"));
    row(
        out,
        results,
        "raw limit: N updates, 16 in flight, on the agent's HTTP client ("
            + Rotations.AGENT_HTTP_CLIENT.label()
            + "), median",
        r -> s(r.rotations().rawMedian()));
    row(
        out,
        results,
        "fan-out: central change → all N current (median)",
        r -> s(r.rotations().fanOutMedian()));
    row(out, results, "**fan-out ratio** (fan-out / raw limit)", r -> ratio(r.ratio()));
    row(
        out,
        results,
        "fan-out / fastest raw loop on any client",
        r -> String.format(Locale.ROOT, "%.2f", r.rotations().ratioToFastest()));
    row(
        out,
        results,
        "warm-up fan-outs, not counted (the first is the fresh JVM's)",
        r -> each(r.warmUps()));
    for (HttpClientKind kind : HttpClientKind.values()) {
      row(
          out,
          results,
          "raw limit on " + kind.label() + ", each run",
          r -> each(r.rotations().rawLimit().get(kind)));
    }
    row(out, results, "fan-out, each run", r -> each(r.rotations().fanOut()));
    row(
        out,
        results,
        "agent's own propagation metric, each run",
        r -> each(r.rotations().propagation()));
    row(
        out,
        results,
        "fan-out: central change → first namespace current, each run",
        r ->
            r.rotations().firstArrival().stream()
                .map(ResultsTable::ms)
                .collect(Collectors.joining(", ")));
    for (HttpClientKind kind : HttpClientKind.values()) {
      row(
          out,
          results,
          "CPU s per raw loop on " + kind.label() + " (mean)",
          r -> CpuAccount.format(r.rotations().rawCpu().get(kind)));
    }
    row(
        out,
        results,
        "CPU s per fan-out (mean)",
        r -> CpuAccount.format(r.rotations().fanOutCpu()));
    row(
        out,
        results,
        "agent GC pauses per fan-out, each run",
        r -> String.join(", ", r.rotations().gcPauses()));
    row(
        out,
        results,
        "kube-apiserver requests per fan-out, all clients (mean)",
        r -> requests(r.rotations().apiRequests()));
    row(
        out,
        results,
        "store fetches per rotation, each run",
        r -> r.rotations().fetches().toString());
    row(
        out,
        results,
        "quiet refresh: Secret writes / changed resourceVersions / status writes",
        r ->
            r.quiet().writes()
                + " / "
                + r.quiet().changedSecrets()
                + " / "
                + (r.quiet().statusWritten() ? "yes" : "0"));
    row(
        out,
        results,
        "quiet refresh: fetches / version checks (in " + "watched period)",
        r ->
            r.quiet().fetches()
                + " / "
                + r.quiet().versionChecks()
                + " ("
                + s(r.quiet().watched())
                + ")");
    row(out, results, "new namespace: median", r -> newNamespace(r, 50));
    row(out, results, "new namespace: p99", r -> newNamespace(r, 99));
    row(
        out,
        results,
        "new namespace: timeouts (30 s)",
        r -> String.valueOf(r.newNamespaceTimeouts()));
    row(out, results, "agent peak RSS (VmHWM)", r -> AgentMemory.mib(r.memory().peakRssBytes()));
    row(out, results, "agent RSS now", r -> AgentMemory.mib(r.memory().rssBytes()));
    row(
        out,
        results,
        "agent heap used (as scraped)",
        r -> AgentMemory.mib(r.memory().heapUsedBytes()));
    row(
        out,
        results,
        "agent heap used after full GC",
        r -> AgentMemory.mib(r.memory().heapLiveBytes()));
    row(
        out,
        results,
        "agent heap committed",
        r -> AgentMemory.mib(r.memory().heapCommittedBytes()));
    row(out, results, "agent non-heap used", r -> AgentMemory.mib(r.memory().nonHeapUsedBytes()));
    row(out, results, "agent live threads", r -> String.valueOf(r.memory().threads()));
    out.append('\n');
    out.append(String.format(Locale.ROOT, "fan-out ratio: %.2f%n", results.getFirst().ratio()));
    int calls = results.stream().mapToInt(ScaleResult::maxFetchesPerRotation).max().orElse(-1);
    out.append("calls per rotation: ").append(calls).append('\n');
    return out.toString();
  }

  private static void row(
      StringBuilder out,
      List<ScaleResult> results,
      String name,
      Function<ScaleResult, String> cell) {
    out.append("| ").append(name).append(" |").append(columns(results, cell)).append('\n');
  }

  private static String columns(List<ScaleResult> results, Function<ScaleResult, String> cell) {
    return results.stream()
        .map(r -> " " + cell.apply(r).strip() + " |")
        .collect(Collectors.joining());
  }

  private static String newNamespace(ScaleResult r, double percentile) {
    return r.newNamespace().isEmpty() ? "–" : ms(r.newNamespace().percentile(percentile));
  }

  /** Mean count per verb and resource over the runs, largest first. */
  private static String requests(List<Map<String, Double>> runs) {
    Map<String, Double> total = new TreeMap<>();
    runs.forEach(run -> run.forEach((key, value) -> total.merge(key, value, Double::sum)));
    return total.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .map(e -> e.getKey() + " " + number(e.getValue() / runs.size()))
        .collect(Collectors.joining(", "));
  }

  private static String number(double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String each(List<Duration> runs) {
    return runs.stream().map(ResultsTable::s).collect(Collectors.joining(", "));
  }

  static String s(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
  }

  static String ms(Duration d) {
    return String.format(Locale.ROOT, "%.0f ms", d.toNanos() / 1e6);
  }

  private static String ratio(double ratio) {
    return String.format(Locale.ROOT, "**%.2f**", ratio);
  }

  private static String count(int n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
