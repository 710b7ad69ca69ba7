package io.pullwarden.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything one many-syncs run measured, and its Markdown table for {@code docs/benchmarks.md}.
 * What the run could not measure (the agent died, or never converged) is shown as such, never as
 * zero.
 *
 * @param populated filling the cluster, before the agent started
 * @param written from the agent's launch to the last namespace's Secret, or null if not reached
 * @param converged from the launch to the last namespace written and attached, or null
 * @param failure why the run stopped waiting, or null
 * @param lastStartUpPass from the launch to the last sync pass of the start-up, or null if the
 *     agent died
 * @param startUpPasses sync passes from the launch until the agent was idle, or -1 if it died
 * @param startUpEvents events Java Operator SDK routed to the syncs in that time, or -1
 * @param gcPauses the agent's collections during the start-up: count and total seconds
 * @param peakRssBytes the kernel's peak RSS up to convergence (or the last sample before the agent
 *     died); the peak at the end of the run is in {@code memory}
 * @param maxHeapUsedBytes the highest heap used sampled during the start-up
 * @param maxLiveDataBytes the highest live set after a full collection during the start-up
 * @param memory the agent's footprint once idle, with the heap after a full collection; null if it
 *     died
 * @param defaultRefresh a quiet minute with every sync on the agent's default refresh, or null
 * @param exitStatus the agent's exit status, or null if it was still running at the end
 * @param outOfMemoryLines lines of the agent's log that name an OutOfMemoryError
 */
record ManySyncsResult(
    ManySyncsOptions options,
    Duration populated,
    Duration written,
    Duration converged,
    String failure,
    Duration lastStartUpPass,
    long startUpPasses,
    long startUpEvents,
    String gcPauses,
    long peakRssBytes,
    long maxHeapUsedBytes,
    long maxLiveDataBytes,
    AgentMemory memory,
    List<NewNamespace> newNamespaces,
    DefaultRefresh defaultRefresh,
    Integer exitStatus,
    long warnings,
    long outOfMemoryLines) {

  /**
   * One namespace added to one team after the start-up.
   *
   * @param passes sync passes started from its creation until the agent was idle again
   * @param events events Java Operator SDK received in that time, from every watch
   * @param written from its creation to its Secret being written
   * @param attached from its creation to its Secret being written and attached
   */
  record NewNamespace(
      String name, String team, long passes, long events, Duration written, Duration attached) {}

  /**
   * A quiet window with every sync on the agent's default refresh interval.
   *
   * @param full sync passes that planned every selected namespace
   * @param namespaces sync passes that planned only some namespaces
   * @param quiet refreshes that found nothing new
   * @param agentCpuSeconds the agent's CPU in the window, its JIT included
   * @param memory the agent's footprint at the end of the window
   */
  record DefaultRefresh(
      Duration window,
      long full,
      long namespaces,
      long quiet,
      double agentCpuSeconds,
      AgentMemory memory) {}

  String markdown() {
    StringBuilder table = new StringBuilder("| measurement | result |\n|---|---|\n");
    row(table, "namespaces / PullSecretSyncs", options.namespaces() + " / " + options.syncs());
    row(table, "agent archive", "`" + options.agent().agentArchive() + "`");
    row(table, "agent JAVA_OPTS", "`" + options.agent().javaOpts() + "`");
    row(table, "cluster filled (before the agent started)", ResultsTable.s(populated));
    row(table, "agent launch → every Secret written", orNot(written, ResultsTable::s));
    row(
        table,
        "agent launch → every Secret written and attached",
        orNot(converged, ResultsTable::s));
    if (failure != null) {
      row(table, "stopped waiting because", failure);
    }
    row(table, "agent survived", exitStatus == null ? "yes" : "**no**, exit status " + exitStatus);
    row(table, "log lines naming OutOfMemoryError", String.valueOf(outOfMemoryLines));
    row(table, "log WARN/ERROR lines", String.valueOf(warnings));
    row(
        table,
        "sync passes in the start-up (launch → idle)",
        startUpPasses < 0 ? "not measured (agent gone)" : String.valueOf(startUpPasses));
    row(
        table,
        "events routed to the syncs in the start-up",
        startUpEvents < 0 ? "not measured (agent gone)" : String.valueOf(startUpEvents));
    row(
        table,
        "launch → last start-up pass began (at the latest)",
        orNot(lastStartUpPass, ResultsTable::s));
    row(table, "GC pauses in the start-up", gcPauses);
    row(table, "peak RSS (VmHWM) up to convergence", AgentMemory.mib(peakRssBytes));
    row(table, "heap used, highest sample in the start-up", sampled(maxHeapUsedBytes));
    row(table, "live set after a full GC, highest in the start-up", sampled(maxLiveDataBytes));
    if (memory != null) {
      row(table, "peak RSS (VmHWM) once idle", AgentMemory.mib(memory.peakRssBytes()));
      row(table, "heap used once idle (as scraped)", AgentMemory.mib(memory.heapUsedBytes()));
      row(table, "heap used after a full GC, once idle", AgentMemory.mib(memory.heapLiveBytes()));
      row(table, "heap committed", AgentMemory.mib(memory.heapCommittedBytes()));
      row(table, "non-heap used", AgentMemory.mib(memory.nonHeapUsedBytes()));
      row(table, "live threads", String.valueOf(memory.threads()));
    }
    row(table, "new namespace: sync passes, each", each(NewNamespace::passes));
    row(table, "new namespace: events received, each", each(NewNamespace::events));
    row(
        table,
        "new namespace: Secret written, each",
        each(added -> ResultsTable.ms(added.written())));
    row(
        table,
        "new namespace: written and attached, each",
        each(added -> ResultsTable.ms(added.attached())));
    if (defaultRefresh != null) {
      String window = ResultsTable.s(defaultRefresh.window());
      row(
          table,
          "every sync on the default refresh, " + window + " of a quiet cluster: sync passes",
          defaultRefresh.full()
              + " full, "
              + defaultRefresh.namespaces()
              + " over some namespaces, "
              + defaultRefresh.quiet()
              + " quiet");
      row(
          table,
          "the same " + window + ": agent CPU-seconds",
          String.format("%.2f", defaultRefresh.agentCpuSeconds()));
      row(
          table,
          "the same: peak RSS (VmHWM) / heap after a full GC at its end",
          AgentMemory.mib(defaultRefresh.memory().peakRssBytes())
              + " / "
              + AgentMemory.mib(defaultRefresh.memory().heapLiveBytes()));
    }
    return table.toString();
  }

  private String each(Function<NewNamespace, Object> value) {
    return newNamespaces.isEmpty()
        ? "not measured"
        : newNamespaces.stream().map(value).map(String::valueOf).collect(Collectors.joining(", "));
  }

  /** A sampled size; none when the agent never answered {@code /metrics} before it ended. */
  private static String sampled(long bytes) {
    return bytes == 0 ? "not sampled" : AgentMemory.mib(bytes);
  }

  private static String orNot(Duration duration, Function<Duration, String> format) {
    return duration == null ? "not reached" : format.apply(duration);
  }

  private static void row(StringBuilder table, String name, String value) {
    table.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }
}
