package io.pullwarden.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether the API server serves Pullwarden's CRDs, for the readiness probe: without them the agent
 * cannot do anything useful, and saying so beats crash-looping. Asked at most every 30 seconds.
 */
final class CrdPresence {

  static final List<String> CRDS =
      List.of("credentialsources.pullwarden.io", "pullsecretsyncs.pullwarden.io");
  private static final Duration RECHECK = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Clock clock;
  private Instant checkedAt = Instant.EPOCH;
  private boolean present;

  CrdPresence(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  synchronized boolean present() {
    Instant now = clock.instant();
    if (present && now.isBefore(checkedAt.plus(RECHECK))) {
      return true;
    }
    checkedAt = now;
    try {
      present =
          CRDS.stream()
              .allMatch(
                  name ->
                      client.apiextensions().v1().customResourceDefinitions().withName(name).get()
                          != null);
    } catch (KubernetesClientException e) {
      present = false;
    }
    return present;
  }
}
