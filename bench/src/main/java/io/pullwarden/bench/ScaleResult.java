package io.pullwarden.bench;

import java.time.Duration;
import java.util.List;

/**
 * Everything measured at one namespace count N, in one agent process's life.
 *
 * @param unrelatedSecrets Secrets in the cluster that Pullwarden does not manage (5 × N)
 * @param initialSync from the agent's start to all N namespaces holding their Secret (N creates)
 * @param rawLimit one raw loop of N updates per rotation, interleaved with the fan-outs
 * @param fanOut from updating the central Secret to the watch showing the last namespace current
 * @param propagation the agent's own {@code pullwarden_propagation_seconds} for each rotation
 * @param fetchesPerRotation store fetches counted on {@code /metrics} across each rotation
 * @param newNamespace from creating a matching namespace to the watch showing its Secret
 */
record ScaleResult(
    int namespaces,
    int unrelatedSecrets,
    Duration initialSync,
    List<Duration> rawLimit,
    List<Duration> fanOut,
    List<Duration> propagation,
    List<Integer> fetchesPerRotation,
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
   */
  record QuietRefresh(
      Duration watched, int changedSecrets, long writes, long fetches, long versionChecks) {}

  Duration rawMedian() {
    return LatencySummary.of(rawLimit).median();
  }

  Duration fanOutMedian() {
    return LatencySummary.of(fanOut).median();
  }

  /** The fan-out ratio: median fan-out time over median raw-limit time at the same N. */
  double ratio() {
    return LatencySummary.ratio(fanOutMedian(), rawMedian());
  }

  int maxFetchesPerRotation() {
    return fetchesPerRotation.stream().mapToInt(Integer::intValue).max().orElse(-1);
  }
}
