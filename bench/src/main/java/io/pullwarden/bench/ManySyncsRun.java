package io.pullwarden.bench;

import io.pullwarden.testenv.AgentDistribution;
import io.pullwarden.testenv.KubernetesServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

/**
 * Issue 13's scenario: many PullSecretSyncs, each selecting its own team's namespaces by a label
 * and attaching to their {@code default} ServiceAccounts. The cluster is filled first and the agent
 * started after, because start-up is where every existing ServiceAccount arrives at once; the run
 * then waits until every namespace has its Secret written and attached, and counts the sync passes
 * that one new namespace (with its {@code default} account, in one team) causes. Sync passes are
 * Java Operator SDK's own count of reconciliations started, read from the agent's {@code /metrics}.
 */
final class ManySyncsRun {

  static final String TEAM_LABEL = "pullwarden-bench-team";
  private static final String PASSES = "operator_sdk_reconciliations_started_total";
  private static final String EVENTS = "operator_sdk_events_received_total";
  private static final Map<String, String> SYNCS = Map.of("kind", "PullSecretSync");

  /** Longer than the run: a refresh in the middle of a count would add passes of its own. */
  private static final String REFRESH = "1h";

  private static final String PASSWORD = "many-syncs-1";
  private static final Duration IDLE = Duration.ofSeconds(3);
  private static final Duration NEW_NAMESPACE_PATIENCE = Duration.ofMinutes(2);

  /** How long the agent is watched idle at its default refresh. */
  private static final Duration REFRESH_WINDOW = Duration.ofSeconds(60);

  private final ManySyncsOptions options;
  private final KubernetesServer server;
  private final BenchCluster cluster;
  private final ManagedSecretWatch secrets;
  private final AttachedAccounts accounts;
  private final Map<String, String> teamOf = new ConcurrentHashMap<>();

  ManySyncsRun(
      ManySyncsOptions options,
      KubernetesServer server,
      BenchCluster cluster,
      ManagedSecretWatch secrets,
      AttachedAccounts accounts) {
    this.options = options;
    this.server = server;
    this.cluster = cluster;
    this.secrets = secrets;
    this.accounts = accounts;
  }

  /** A watch that counts every sync's Secret: each namespace holds exactly one. */
  static boolean isTeamSecret(String name) {
    return name.startsWith("team-") && name.endsWith("-pull");
  }

  /**
   * The namespaces with their {@code default} accounts, the central credential and its source, and
   * one sync per team; returns how long that took.
   */
  Duration populate() {
    long start = System.nanoTime();
    List<String> namespaces =
        IntStream.range(0, options.namespaces())
            .mapToObj(i -> join(String.format("many-%05d", i), i))
            .toList();
    cluster.namespaces(namespaces, this::labels);
    cluster.defaultServiceAccounts(namespaces);
    Progress.say("created %d namespaces and their default ServiceAccounts", namespaces.size());
    cluster.source(PASSWORD);
    BoundedWrites.run(
        IntStream.range(0, options.syncs()).mapToObj(ManySyncsRun::team).toList(),
        BenchCluster.CREATES_IN_FLIGHT,
        team -> cluster.sync(team, secretName(team), Map.of(TEAM_LABEL, team), REFRESH));
    Progress.say("created %d PullSecretSyncs", options.syncs());
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * Launches the agent on the filled cluster, waits until every namespace has its Secret written
   * and attached and the agent is idle, takes its memory, then adds the new namespaces one at a
   * time.
   */
  ManySyncsResult run(AgentDistribution distribution, Duration populated) throws Exception {
    Path log = options.agent().workDir().resolve("agent.log");
    List<String> namespaces = List.copyOf(teamOf.keySet());
    Duration patience = Duration.ofSeconds(60).plusMillis(300L * options.namespaces());
    long started = System.nanoTime();
    try (LaunchedAgent agent =
        LaunchedAgent.launch(distribution, server, log, options.agent().javaOpts())) {
      Progress.say("agent launched (java pid %d), log %s", agent.javaPid(), log);
      StartUpSamples samples = new StartUpSamples(agent);
      String failure = null;
      Duration written = null;
      Duration converged = null;
      try {
        long last =
            secrets
                .awaitAll(namespaces, PASSWORD, patience, done -> samples.tick("written", done))
                .lastNanos();
        written = Duration.ofNanos(last - started);
        Progress.say("every Secret written %s after launch", ResultsTable.s(written));
        Arrivals.Arrival attached =
            accounts.awaitAll(
                namespaces,
                ns -> secretName(teamOf.get(ns)),
                patience,
                done -> samples.tick("attached", done));
        converged = Duration.ofNanos(Math.max(last, attached.lastNanos()) - started);
        Progress.say(
            "every Secret written and attached %s after launch", ResultsTable.s(converged));
      } catch (TimeoutException | AgentExited e) {
        failure = e.getMessage();
        Progress.say("not converged: %s", failure);
      }
      samples.take();
      boolean alive = agent.exitStatus().isEmpty();
      Duration lastPass = null;
      PrometheusText startUp = null;
      AgentMemory memory = null;
      List<ManySyncsResult.NewNamespace> added = new ArrayList<>();
      ManySyncsResult.DefaultRefresh refresh = null;
      if (alive) {
        lastPass = Duration.ofNanos(awaitIdle(agent) - started);
        startUp = agent.metrics();
        Progress.say(
            "idle; the last start-up pass began %s after launch; %d sync passes, %d events",
            ResultsTable.s(lastPass), passes(startUp), events(startUp));
        memory = agent.memory(options.agent().workDir().resolve("agent-histogram.txt"));
        for (int i = 0; i < options.newNamespaces(); i++) {
          added.add(newNamespace(agent, options.namespaces() + i));
        }
        refresh = defaultRefresh(agent);
        Files.writeString(
            options.agent().workDir().resolve("agent-metrics.txt"), agent.metricsPage());
      }
      return new ManySyncsResult(
          options,
          populated,
          written,
          converged,
          failure,
          lastPass,
          startUp == null ? -1 : passes(startUp),
          startUp == null ? -1 : events(startUp),
          startUp == null ? "not measured (agent gone)" : gcPauses(startUp),
          samples.peakRssBytes,
          samples.maxHeapUsedBytes,
          samples.maxLiveDataBytes,
          memory,
          added,
          refresh,
          agent.exitStatus().isPresent() ? agent.exitStatus().getAsInt() : null,
          LaunchedAgent.warnings(log),
          LaunchedAgent.logLines(log, "OutOfMemoryError"));
    }
  }

  /**
   * The agent's default refresh at this scale (ADR 0027): every sync's refreshInterval removed, the
   * full passes that starts left to finish, then {@link #REFRESH_WINDOW} of a quiet cluster: the
   * sync passes by kind and the agent's CPU.
   */
  private ManySyncsResult.DefaultRefresh defaultRefresh(LaunchedAgent agent)
      throws IOException, InterruptedException {
    BoundedWrites.run(
        IntStream.range(0, options.syncs()).mapToObj(ManySyncsRun::team).toList(),
        BenchCluster.CREATES_IN_FLIGHT,
        cluster::defaultRefresh);
    // Quiet refreshes go on; the full passes the changed specs started must be over.
    awaitStill(agent, metrics -> passesOfKind(metrics, "full"), Duration.ofMinutes(5));
    PrometheusText before = agent.metrics();
    CpuAccount cpu = CpuAccount.of(agent.javaPid());
    CpuAccount.Snapshot start = cpu.snapshot();
    Thread.sleep(REFRESH_WINDOW.toMillis());
    CpuAccount.Snapshot end = cpu.snapshot();
    PrometheusText after = agent.metrics();
    Map<String, Double> seconds = CpuAccount.seconds(start, end);
    var result =
        new ManySyncsResult.DefaultRefresh(
            REFRESH_WINDOW,
            passesOfKind(after, "full") - passesOfKind(before, "full"),
            passesOfKind(after, "namespaces") - passesOfKind(before, "namespaces"),
            passesOfKind(after, "quiet") - passesOfKind(before, "quiet"),
            seconds.get("agent"),
            agent.memory(options.agent().workDir().resolve("agent-histogram-refresh.txt")));
    Progress.say(
        "default refresh, %s idle: %d full, %d namespaces, %d quiet passes, agent %.2f CPU-s",
        ResultsTable.s(REFRESH_WINDOW),
        result.full(),
        result.namespaces(),
        result.quiet(),
        result.agentCpuSeconds());
    return result;
  }

  private static long passesOfKind(PrometheusText metrics, String kind) {
    return (long) metrics.sum("pullwarden_sync_passes_total", Map.of("kind", kind));
  }

  /** PullSecretSync passes started so far, as Java Operator SDK counts them. */
  private static long passes(PrometheusText metrics) {
    return (long) metrics.sum(PASSES, SYNCS);
  }

  /** Events Java Operator SDK has routed to PullSecretSyncs so far, from every watch. */
  private static long events(PrometheusText metrics) {
    return (long) metrics.sum(EVENTS, SYNCS);
  }

  private static String gcPauses(PrometheusText metrics) {
    return String.format(
        "%.0f in %.2f s",
        metrics.sum("jvm_gc_pause_seconds_count"), metrics.sum("jvm_gc_pause_seconds_sum"));
  }

  /**
   * One new namespace of one team, and its {@code default} account, as a cluster would add them.
   */
  private ManySyncsResult.NewNamespace newNamespace(LaunchedAgent agent, int index)
      throws Exception {
    String name = join(String.format("many-new-%05d", index), index);
    awaitIdle(agent);
    PrometheusText before = agent.metrics();
    long start = System.nanoTime();
    cluster.namespaces(List.of(name), this::labels);
    cluster.defaultServiceAccounts(List.of(name));
    long written = secrets.awaitOne(name, PASSWORD, NEW_NAMESPACE_PATIENCE);
    long attached = accounts.awaitOne(name, secretName(teamOf.get(name)), NEW_NAMESPACE_PATIENCE);
    awaitIdle(agent);
    PrometheusText after = agent.metrics();
    var result =
        new ManySyncsResult.NewNamespace(
            name,
            teamOf.get(name),
            passes(after) - passes(before),
            events(after) - events(before),
            Duration.ofNanos(written - start),
            Duration.ofNanos(Math.max(written, attached) - start));
    Progress.say(
        "new namespace %s (%s): %d sync passes, %d events, written and attached in %s",
        name, result.team(), result.passes(), result.events(), ResultsTable.ms(result.attached()));
    return result;
  }

  /**
   * Waits until no sync pass has started for three seconds (at most ten minutes); returns when
   * ({@link System#nanoTime}) the last one it saw started, to the quarter second.
   */
  private static long awaitIdle(LaunchedAgent agent) throws InterruptedException {
    return awaitStill(agent, ManySyncsRun::passes, Duration.ofMinutes(10));
  }

  /**
   * Waits until {@code counter} of the agent's metrics has not moved for {@link #IDLE} (at most
   * {@code limit}); returns when ({@link System#nanoTime}) it last moved, to the quarter second.
   */
  private static long awaitStill(
      LaunchedAgent agent, ToLongFunction<PrometheusText> counter, Duration limit)
      throws InterruptedException {
    long start = System.nanoTime();
    long last = counter.applyAsLong(agent.metrics());
    long lastChange = start;
    while (System.nanoTime() - lastChange < IDLE.toNanos()
        && System.nanoTime() - start < limit.toNanos()) {
      Thread.sleep(250);
      long now = counter.applyAsLong(agent.metrics());
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      }
    }
    return lastChange;
  }

  static String team(int index) {
    return String.format("team-%03d", index);
  }

  static String secretName(String team) {
    return team + "-pull";
  }

  /** Records {@code namespace} as one of team {@code index mod syncs}'s; returns the name. */
  private String join(String namespace, int index) {
    teamOf.put(namespace, team(index % options.syncs()));
    return namespace;
  }

  private Map<String, String> labels(String namespace) {
    return Map.of(BenchCluster.SELECTOR_LABEL, "true", TEAM_LABEL, teamOf.get(namespace));
  }

  /** The agent ended while the run waited for it. */
  static final class AgentExited extends RuntimeException {
    AgentExited(int status) {
      super("the agent exited with status " + status);
    }
  }

  /**
   * What the agent looked like while it started, sampled every five seconds: the kernel's peak RSS
   * (kept after the process is gone, where the kernel's own figure goes with it), the highest heap
   * used, and the highest live set the collector reported after a full collection.
   */
  static final class StartUpSamples {
    private final LaunchedAgent agent;
    long peakRssBytes;
    long maxHeapUsedBytes;
    long maxLiveDataBytes;

    StartUpSamples(LaunchedAgent agent) {
      this.agent = agent;
    }

    void tick(String what, int done) {
      take();
      Progress.say(
          "%s: %d namespaces; peak RSS %s, heap up to %s",
          what, done, AgentMemory.mib(peakRssBytes), AgentMemory.mib(maxHeapUsedBytes));
      if (agent.exitStatus().isPresent()) {
        throw new AgentExited(agent.exitStatus().getAsInt());
      }
    }

    void take() {
      try {
        peakRssBytes =
            Math.max(peakRssBytes, AgentMemory.procStatusBytes(agent.javaPid(), "VmHWM"));
        PrometheusText metrics = agent.metrics();
        maxHeapUsedBytes =
            Math.max(
                maxHeapUsedBytes,
                (long) metrics.sum("jvm_memory_used_bytes", Map.of("area", "heap")));
        maxLiveDataBytes =
            Math.max(maxLiveDataBytes, (long) metrics.sum("jvm_gc_live_data_size_bytes"));
      } catch (UncheckedIOException | IllegalStateException notYetOrGone) {
        // Not listening yet, or gone: the samples so far stand.
      }
    }
  }
}
