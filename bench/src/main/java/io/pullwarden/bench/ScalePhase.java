package io.pullwarden.bench;

import io.pullwarden.testenv.AgentDistribution;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One namespace count N: grows the cluster to N selected namespaces with 5 × N unrelated Secrets,
 * starts a fresh agent process, and measures in this order — initial sync, warm-up rotations, a
 * quiet refresh period, the rotations (each after raw-limit loops), memory, new namespaces — then
 * stops the agent. Namespaces are never deleted (the test cluster has no namespace controller), so
 * each phase builds on the last.
 */
final class ScalePhase {

  private static final Duration REFRESH = Duration.ofSeconds(5);
  private static final Duration NEW_NAMESPACE_PATIENCE = Duration.ofSeconds(30);
  private static final int JVM_STARTS = 3;

  /**
   * More measurements with the agent of one N still running, after the phase's own: the agent and
   * the namespaces the fan-out sync selected at the start of the phase.
   */
  interface WhileAgentRuns {
    void run(LaunchedAgent agent, List<String> namespaces) throws Exception;
  }

  private final BenchOptions options;
  private final KubernetesServer server;
  private final BenchCluster cluster;
  private final ManagedSecretWatch watch;
  private final Rotations rotations;
  private final RawWriteLimit agentClient;
  private final AgentDistribution distribution;
  private final List<String> selected = new ArrayList<>();
  private final Set<String> withoutUnrelated = new LinkedHashSet<>();
  private int nextIndex;

  ScalePhase(
      BenchOptions options,
      KubernetesServer server,
      BenchCluster cluster,
      ManagedSecretWatch watch,
      List<RawWriteLimit> raws,
      AgentDistribution distribution) {
    this.options = options;
    this.server = server;
    this.cluster = cluster;
    this.watch = watch;
    this.rotations = new Rotations(cluster, watch, raws);
    this.agentClient =
        raws.stream()
            .filter(raw -> raw.kind() == Rotations.AGENT_HTTP_CLIENT)
            .findFirst()
            .orElseThrow();
    this.distribution = distribution;
  }

  /** The refresh interval the sync is created with. */
  static String refreshInterval() {
    return REFRESH.toSeconds() + "s";
  }

  /** The password the central Secret holds now. */
  String password() {
    return rotations.password();
  }

  ScaleResult run(int n) throws Exception {
    return run(n, (agent, namespaces) -> {});
  }

  /** Measures at {@code n}; then, before the agent stops, runs {@code more}. */
  ScaleResult run(int n, WhileAgentRuns more) throws Exception {
    grow(n);
    Path log = options.agent().workDir().resolve("agent-" + n + ".log");
    Duration patience = patience(n);
    List<Duration> jvmStart =
        JvmStart.measure(
            distribution,
            server,
            options.agent().javaOpts(),
            options.agent().workDir().resolve("version-" + n + ".log"),
            JVM_STARTS);
    Progress.say(
        "N=%d: JVM start (bin/pullwarden version) %s, median %s",
        n,
        jvmStart.stream().map(ResultsTable::s).toList(),
        ResultsTable.s(LatencySummary.of(jvmStart).median()));
    List<String> atStart = List.copyOf(selected);
    String fresh = "bench-create-" + n;
    Duration rawCreates = agentClient.create(atStart, fresh);
    agentClient.delete(atStart, fresh);
    Progress.say(
        "N=%d: raw loop of %d creates (%s, %d in flight) %s",
        n, n, agentClient.kind().label(), RawWriteLimit.IN_FLIGHT, ResultsTable.s(rawCreates));
    long started = System.nanoTime();
    try (LaunchedAgent agent =
        LaunchedAgent.start(
            distribution, server, log, options.agent().javaOpts(), Duration.ofMinutes(3))) {
      Progress.say("N=%d: agent ready (java pid %d), log %s", n, agent.javaPid(), log);
      long synced =
          watch
              .awaitAll(
                  selected,
                  rotations.password(),
                  patience,
                  done -> Progress.say("N=%d: initial sync: %d of %d current", n, done, n))
              .lastNanos();
      Duration initialSync = Duration.ofNanos(Math.max(0, synced - started));
      Progress.say("N=%d: initial sync done in %s", n, ResultsTable.s(initialSync));
      List<Duration> warmUps = new ArrayList<>();
      for (int i = 1; i <= options.warmUps(); i++) {
        Duration warmUp = rotations.warmUp(selected, patience);
        warmUps.add(warmUp);
        Progress.say(
            "N=%d: warm-up rotation %d/%d (not counted) %s",
            n, i, options.warmUps(), ResultsTable.s(warmUp));
      }

      ScaleResult.QuietRefresh quiet = quietRefresh(agent);
      Progress.say(
          "N=%d: quiet refresh over %s: %d writes, %d changed Secrets, %d fetches, %d version"
              + " checks, status written: %s",
          n,
          ResultsTable.s(quiet.watched()),
          quiet.writes(),
          quiet.changedSecrets(),
          quiet.fetches(),
          quiet.versionChecks(),
          quiet.statusWritten());

      Rotations.Results timed = rotations.measure(agent, selected, options.rotations(), patience);

      AgentMemory memory =
          agent.memory(options.agent().workDir().resolve("agent-" + n + "-histogram.txt"));
      Progress.say(
          "N=%d: peak RSS %s, RSS %s, heap %s, after GC %s (committed %s), non-heap %s,"
              + " %d threads",
          n,
          AgentMemory.mib(memory.peakRssBytes()),
          AgentMemory.mib(memory.rssBytes()),
          AgentMemory.mib(memory.heapUsedBytes()),
          AgentMemory.mib(memory.heapLiveBytes()),
          AgentMemory.mib(memory.heapCommittedBytes()),
          AgentMemory.mib(memory.nonHeapUsedBytes()),
          memory.threads());

      List<Duration> newNamespace = new ArrayList<>();
      int timeouts = newNamespaces(n, newNamespace);
      more.run(agent, atStart);
      Progress.say("N=%d: agent log has %d WARN/ERROR lines", n, LaunchedAgent.warnings(log));
      return new ScaleResult(
          n,
          n * BenchCluster.UNRELATED_PER_NAMESPACE + BenchCluster.lookalikes(n),
          jvmStart,
          rawCreates,
          initialSync,
          warmUps,
          timed,
          quiet,
          memory,
          LatencySummary.of(newNamespace),
          timeouts);
    }
  }

  /**
   * Adds selected namespaces up to {@code n}, and the default ServiceAccount and unrelated Secrets
   * of every one of them.
   */
  private void grow(int n) {
    if (selected.size() > n) {
      throw new IllegalArgumentException(
          "N=" + n + " is below the " + selected.size() + " namespaces already selected");
    }
    List<String> added = new ArrayList<>();
    while (selected.size() + added.size() < n) {
      added.add(String.format("bench-%05d", nextIndex++));
    }
    long start = System.nanoTime();
    // The first N are also the store phase's namespaces (StorePhase).
    boolean first = selected.isEmpty();
    cluster.namespaces(
        added,
        name ->
            first
                ? Map.of(BenchCluster.SELECTOR_LABEL, "true", BenchCluster.STORE_LABEL, "true")
                : Map.of(BenchCluster.SELECTOR_LABEL, "true"));
    selected.addAll(added);
    withoutUnrelated.addAll(added);
    cluster.defaultServiceAccounts(withoutUnrelated);
    cluster.unrelatedSecrets(withoutUnrelated);
    Progress.say(
        "N=%d: created %d namespaces, %d ServiceAccounts and %d unrelated Secrets in %s",
        n,
        added.size(),
        withoutUnrelated.size(),
        withoutUnrelated.size() * BenchCluster.UNRELATED_PER_NAMESPACE,
        ResultsTable.s(Duration.ofNanos(System.nanoTime() - start)));
    withoutUnrelated.clear();
  }

  private ScaleResult.QuietRefresh quietRefresh(LaunchedAgent agent) throws InterruptedException {
    awaitIdle(agent);
    Map<String, String> versions = cluster.managedResourceVersions();
    String syncVersion = cluster.syncResourceVersion();
    PrometheusText before = agent.metrics();
    Duration watched = REFRESH.multipliedBy(options.quietIntervals()).plusSeconds(1);
    Thread.sleep(watched);
    PrometheusText after = agent.metrics();
    Map<String, String> now = cluster.managedResourceVersions();
    int changed =
        (int)
            Stream.concat(versions.keySet().stream(), now.keySet().stream())
                .distinct()
                .filter(ns -> !String.valueOf(versions.get(ns)).equals(now.get(ns)))
                .count();
    return new ScaleResult.QuietRefresh(
        watched,
        changed,
        (long)
            (after.sum("pullwarden_secret_writes_total")
                - before.sum("pullwarden_secret_writes_total")),
        Rotations.fetches(before, after),
        Rotations.delta(
            before, after, "pullwarden_source_requests_total", Map.of("operation", "version")),
        !syncVersion.equals(cluster.syncResourceVersion()));
  }

  /** Waits (up to a minute) until the agent's write counter stands still for two seconds. */
  private static void awaitIdle(LaunchedAgent agent) throws InterruptedException {
    double last = -1;
    for (int i = 0; i < 30; i++) {
      double writes = agent.metrics().sum("pullwarden_secret_writes_total");
      if (writes == last) {
        return;
      }
      last = writes;
      Thread.sleep(2000);
    }
  }

  /** Creates new matching namespaces one by one; adds each one's latency, returns timeouts. */
  private int newNamespaces(int n, List<Duration> latencies) throws InterruptedException {
    int timeouts = 0;
    for (int i = 0; i < options.newNamespaces(); i++) {
      String name = String.format("bench-new-%d-%03d", n, i);
      long start = System.nanoTime();
      cluster.createNamespace(name, Map.of(BenchCluster.SELECTOR_LABEL, "true"));
      selected.add(name);
      withoutUnrelated.add(name);
      try {
        latencies.add(
            Duration.ofNanos(
                watch.awaitOne(name, rotations.password(), NEW_NAMESPACE_PATIENCE) - start));
      } catch (TimeoutException e) {
        timeouts++;
      }
      if ((i + 1) % 20 == 0) {
        Progress.say(
            "N=%d: %d new namespaces, median so far %s",
            n,
            i + 1,
            latencies.isEmpty() ? "-" : ResultsTable.ms(LatencySummary.of(latencies).median()));
      }
    }
    return timeouts;
  }

  private static Duration patience(int n) {
    return Duration.ofSeconds(60).plusMillis(40L * n);
  }
}
