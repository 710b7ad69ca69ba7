package io.pullwarden.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Issue 15's rotation latency per store call: one credential in OpenBao KV v2 that the agent must
 * poll, synced by a PullSecretSync of its own into the first N namespaces, with the agent of the
 * fan-out phase still running. For each refresh interval it counts, at the store, the requests one
 * quiet window costs, and times rotations written at a random moment of the agent's timer until
 * every namespace holds the new password. Afterwards it deletes the sync (the agent removes its
 * Secrets), so the next N measures the fan-out sync alone.
 */
final class StorePhase {

  private static final String SOURCE = StoreObjects.SOURCE;
  private static final String SYNC = StoreObjects.SYNC;
  private static final String KV_MOUNT = StoreObjects.KV_MOUNT;
  private static final String KV_PATH = StoreObjects.KV_PATH;
  private static final Duration MIN_WINDOW = Duration.ofSeconds(30);
  private static final Duration MAX_WINDOW = Duration.ofMinutes(2);

  private final BenchOptions options;
  private final KubernetesClient client;
  private final StoreObjects objects;
  private int version;

  StorePhase(BenchOptions options, KubernetesClient client, BenchCluster cluster) {
    this.options = options;
    this.client = client;
    this.objects = new StoreObjects(client, cluster);
  }

  StoreResult run(LaunchedAgent agent, List<String> namespaces) throws Exception {
    int n = namespaces.size();
    Path dir = options.agent().workDir().resolve("openbao");
    try (AuditedOpenBao bao = AuditedOpenBao.start(dir);
        ManagedSecretWatch watch =
            new ManagedSecretWatch(client, StoreObjects.SECRET_NAME::equals)) {
      StoreAudit audit = new StoreAudit(bao.auditLog(), objects.agentToken(bao), KV_MOUNT, KV_PATH);
      write(bao);
      objects.source(bao);
      Progress.say("store: OpenBao at %s, audit log %s", bao.address(), bao.auditLog());
      List<StoreResult.Interval> intervals = new ArrayList<>();
      try {
        for (RefreshSetting setting : options.refreshIntervals()) {
          intervals.add(interval(agent, watch, audit, bao, setting, namespaces));
        }
      } finally {
        // Also after a failure: the sync would keep polling an OpenBao that is gone.
        removeSync();
        objects.deleteSource();
      }
      StoreResult result = new StoreResult(n, intervals);
      result.lines().forEach(line -> Progress.say("store: %s", line));
      return result;
    }
  }

  private StoreResult.Interval interval(
      LaunchedAgent agent,
      ManagedSecretWatch watch,
      StoreAudit audit,
      AuditedOpenBao bao,
      RefreshSetting setting,
      List<String> namespaces)
      throws Exception {
    String stored = objects.sync(setting);
    String label = setting.label(stored);
    Duration interval = setting.isDefault() ? parsed(stored) : setting.written();
    Duration patience =
        (interval == null ? MAX_WINDOW : interval)
            .multipliedBy(2)
            .plusSeconds(60)
            .plusMillis(40L * namespaces.size());
    watch.awaitAll(
        namespaces,
        password(),
        patience,
        done -> Progress.say("store %s: %d of %d current", label, done, namespaces.size()));
    Thread.sleep(2000); // the pass the new spec started, and its version check, are over

    Duration window = window(interval);
    PrometheusText before = agent.metrics();
    long mark = audit.mark();
    Thread.sleep(window);
    StoreAudit.Counts quiet = audit.since(mark);
    long agentRequests = agentRequests(before, agent.metrics());
    Progress.say(
        "store %s: quiet %s: %d metadata and %d data reads at the store, agent counted %d,"
            + " median gap %s",
        label,
        ResultsTable.s(window),
        quiet.metadataReads(),
        quiet.dataReads(),
        agentRequests,
        quiet.medianGap() == null ? "-" : ResultsTable.s(quiet.medianGap()));

    Duration spread =
        interval != null ? interval : quiet.medianGap() != null ? quiet.medianGap() : MAX_WINDOW;
    int runs =
        spread.compareTo(Duration.ofMinutes(1)) >= 0
            ? Math.min(3, options.storeRotations())
            : options.storeRotations();
    List<Duration> delays = new ArrayList<>();
    List<Duration> latencies = new ArrayList<>();
    List<Integer> dataReads = new ArrayList<>();
    List<Integer> metadataReads = new ArrayList<>();
    for (int i = 1; i <= runs; i++) {
      Duration delay =
          Duration.ofNanos(ThreadLocalRandom.current().nextLong(Math.max(1, spread.toNanos())));
      delays.add(delay);
      Thread.sleep(delay);
      long rotationMark = audit.mark();
      long start = System.nanoTime();
      write(bao);
      long last = watch.awaitAll(namespaces, password(), patience, done -> {}).lastNanos();
      latencies.add(Duration.ofNanos(last - start));
      Thread.sleep(1000); // a second fetch, if there were one, would come right after
      StoreAudit.Counts reads = audit.since(rotationMark);
      dataReads.add(reads.dataReads());
      metadataReads.add(reads.metadataReads());
      Progress.say(
          "store %s: rotation %d/%d written after %s: all %d current after %s, %d data and %d"
              + " metadata reads at the store",
          label,
          i,
          runs,
          ResultsTable.s(delay),
          namespaces.size(),
          ResultsTable.s(latencies.getLast()),
          reads.dataReads(),
          reads.metadataReads());
    }
    return new StoreResult.Interval(
        label, window, quiet, agentRequests, delays, latencies, dataReads, metadataReads);
  }

  /**
   * At least three refreshes and at least 30 s (a per-minute rate from fewer requests says little),
   * at most two minutes: so a 1 m interval gets two refreshes, not three.
   */
  static Duration window(Duration interval) {
    if (interval == null) {
      return MAX_WINDOW;
    }
    Duration three = interval.multipliedBy(3).plusSeconds(1);
    return three.compareTo(MIN_WINDOW) < 0
        ? MIN_WINDOW
        : three.compareTo(MAX_WINDOW) > 0 ? MAX_WINDOW : three;
  }

  private static Duration parsed(String interval) {
    try {
      return interval == null ? null : RefreshSetting.duration(interval);
    } catch (IllegalArgumentException unusual) {
      return null; // e.g. 1h30m: the observed gap between refreshes stands in
    }
  }

  private static long agentRequests(PrometheusText before, PrometheusText after) {
    long total = 0;
    for (String operation : List.of("version", "fetch")) {
      total +=
          Rotations.delta(
              before,
              after,
              "pullwarden_source_requests_total",
              Map.of("source", SOURCE, "operation", operation));
    }
    return total;
  }

  private String password() {
    return "store-" + version;
  }

  /** Writes the next version of the KV v2 secret, with the root token. */
  private void write(AuditedOpenBao bao) {
    version++;
    bao.root()
        .write(
            KV_MOUNT + "/data/" + KV_PATH,
            Map.of("data", Map.of("username", BenchCluster.USERNAME, "password", password())));
  }

  /** Deletes the sync and waits (up to two minutes) until the agent has removed its Secrets. */
  private void removeSync() throws InterruptedException {
    var sync = client.genericKubernetesResources(BenchCluster.API_VERSION, "PullSecretSync");
    sync.withName(SYNC).delete();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (sync.withName(SYNC).get() != null && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    Progress.say(
        "store: sync deleted; %d of its Secrets left",
        client
            .secrets()
            .inAnyNamespace()
            .withLabel("pullwarden.io/sync", SYNC)
            .list()
            .getItems()
            .size());
  }
}
