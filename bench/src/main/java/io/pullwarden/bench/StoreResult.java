package io.pullwarden.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the store phase measured at one namespace count, one entry per refresh interval: the store
 * load of a single credential in a quiet window, counted at OpenBao and by the agent, and how long
 * a new version in the store took to reach every namespace. Rendered as its own Markdown table, one
 * column per interval, and as one line per figure for the issue.
 */
record StoreResult(int namespaces, List<Interval> intervals) {

  /**
   * One refresh interval.
   *
   * @param label {@code 2s}, or {@code default (10s)} with the interval the API server stored
   * @param window the quiet window's length
   * @param quiet what OpenBao's audit log shows of the agent's token for the secret in the window
   * @param agentRequests the change of the agent's {@code pullwarden_source_requests_total} for the
   *     source (version checks and fetches) in the same window
   * @param delays how long after the previous rotation (or the quiet window) each new version was
   *     written: uniform over one interval, so the write falls at a random point of the agent's
   *     timer
   * @param latencies from the write to the watch seeing the new password in every namespace
   * @param dataReads data reads (fetches) at the store per rotation
   * @param metadataReads metadata reads (version checks) at the store per rotation
   */
  record Interval(
      String label,
      Duration window,
      StoreAudit.Counts quiet,
      long agentRequests,
      List<Duration> delays,
      List<Duration> latencies,
      List<Integer> dataReads,
      List<Integer> metadataReads) {

    double storePerMinute() {
      return perMinute(quiet.requests());
    }

    double agentPerMinute() {
      return perMinute(agentRequests);
    }

    Duration medianLatency() {
      return LatencySummary.of(latencies).median();
    }

    private double perMinute(long count) {
      return count * 60e9 / window.toNanos();
    }
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| store phase: one OpenBao KV v2 credential, N = ")
        .append(String.format(Locale.ROOT, "%,d", namespaces))
        .append(" |")
        .append(columns(i -> "refreshInterval " + i.label()))
        .append("\n|---|")
        .append("---|".repeat(intervals.size()))
        .append('\n');
    row(
        out,
        "store requests per minute, quiet (OpenBao audit log: metadata + data reads of the"
            + " agent's token)",
        i ->
            String.format(
                Locale.ROOT,
                "%.1f (%d + %d in %s)",
                i.storePerMinute(),
                i.quiet().metadataReads(),
                i.quiet().dataReads(),
                ResultsTable.s(i.window())));
    row(
        out,
        "agent's pullwarden_source_requests_total per minute, same window",
        i -> String.format(Locale.ROOT, "%.1f (%d)", i.agentPerMinute(), i.agentRequests()));
    row(
        out,
        "refresh as run: median gap between metadata reads",
        i -> i.quiet().medianGap() == null ? "–" : ResultsTable.s(i.quiet().medianGap()));
    row(
        out,
        "rotation in the store → all N current, median (each run)",
        i -> ResultsTable.s(i.medianLatency()) + " (" + each(i.latencies()) + ")");
    row(out, "rotation written after a random delay, each run", i -> each(i.delays()));
    row(out, "store data reads per rotation, each run", i -> i.dataReads().toString());
    row(out, "store metadata reads per rotation, each run", i -> i.metadataReads().toString());
    out.append('\n');
    lines().forEach(line -> out.append(line).append('\n'));
    return out.toString();
  }

  /** The phase's figures as the issue quotes them, one per line. */
  List<String> lines() {
    String n = String.format(Locale.ROOT, "%,d", namespaces);
    return intervals.stream()
        .flatMap(
            i ->
                Stream.of(
                    String.format(
                        Locale.ROOT,
                        "store (OpenBao KV v2) requests per minute, one credential, quiet:"
                            + " refreshInterval %s: %.1f (agent metric %.1f)",
                        i.label(),
                        i.storePerMinute(),
                        i.agentPerMinute()),
                    String.format(
                        Locale.ROOT,
                        "rotation in the store → all %s current, median (each run):"
                            + " refreshInterval %s: %s (%s); store data reads per rotation %s",
                        n,
                        i.label(),
                        ResultsTable.s(i.medianLatency()),
                        each(i.latencies()),
                        i.dataReads())))
        .toList();
  }

  private void row(StringBuilder out, String name, Function<Interval, String> cell) {
    out.append("| ").append(name).append(" |").append(columns(cell)).append('\n');
  }

  private String columns(Function<Interval, String> cell) {
    return intervals.stream().map(i -> " " + cell.apply(i) + " |").collect(Collectors.joining());
  }

  private static String each(List<Duration> runs) {
    return runs.stream().map(ResultsTable::s).collect(Collectors.joining(", "));
  }
}
