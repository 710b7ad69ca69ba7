package io.pullwarden.bench;

import java.time.Duration;
import java.util.List;

/**
 * Everything measured at one namespace count N, in one agent process's life.
 *
 * @param unrelatedSecrets Secrets in the cluster that Pullwarden does not manage (5 × N, and the
 *     lookalikes of {@link BenchCluster#lookalikes})
 * @param jvmStart {@code bin/pullwarden version}'s wall time, each run ({@link JvmStart})
 * @param rawCreates N creates of a Secret shaped like a managed one on the agent's HTTP client, 16
 *     in flight, just before the agent started
 * @param initialSync from the agent's launch to all N namespaces holding their Secret (N creates)
 * @param warmUps the fan-outs before the measured ones, not counted; the first is the fresh JVM's
 * @param rotations the raw-limit loops and the fan-outs, interleaved
 * @param newNamespace from creating a matching namespace to the watch showing its Secret
 */
record ScaleResult(
    int namespaces,
    int unrelatedSecrets,
    List<Duration> jvmStart,
    Duration rawCreates,
    Duration initialSync,
    List<Duration> warmUps,
    Rotations.Results rotations,
    QuietRefresh quiet,
    AgentMemory memory,
    LatencySummary newNamespace,
    int newNamespaceTimeouts) {

  /**
   * A refresh period with no credential change.
   *
   * @param changedSecrets managed Secrets whose resourceVersion moved
   * @param writes the change of {@code pullwarden_secret_writes_total}
   * @param fetches the change of store fetches
   * @param versionChecks the change of cheap version checks: proof that refreshes did run
   * @param statusWritten whether the PullSecretSync's resourceVersion moved (a status write)
   */
  record QuietRefresh(
      Duration watched,
      int changedSecrets,
      long writes,
      long fetches,
      long versionChecks,
      boolean statusWritten) {}

  /** Issue 15's initial-sync target: 1.5 × (median JVM start + the raw loop of N creates). */
  Duration initialSyncTarget() {
    return LatencySummary.of(jvmStart).median().plus(rawCreates).multipliedBy(3).dividedBy(2);
  }

  /** The fan-out ratio: median fan-out time over median raw-limit time at the same N. */
  double ratio() {
    return rotations.ratio();
  }

  int maxFetchesPerRotation() {
    return rotations.fetches().stream().mapToInt(Integer::intValue).max().orElse(-1);
  }
}
