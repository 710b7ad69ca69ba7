package io.pullwarden.agent.reconciler;

import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.RegistryCheckStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a refresh that finds nothing new stop once the credential is checked (ADR 0027). A sync runs
 * on its refresh timer to ask the store whether the credential changed; when it did not, and no
 * watch event concerned the sync since its last full pass, planning every selected namespace again
 * would only confirm what that pass left. So a refresh with a short interval costs one version
 * check, not a walk of thousands of namespaces. Every other pass plans in full: one a watch event
 * started, one after a change of spec, credential, expiry or registry check, one after a pass that
 * stopped early or left something to retry, the first after a start, and at least one every {@link
 * #FULL_PASS_EVERY} whatever happened.
 */
final class QuietRefresh {

  /** A sync plans in full at least this often, even when nothing seemed to change. */
  static final Duration FULL_PASS_EVERY = Duration.ofMinutes(5);

  /** What a full pass that left nothing to retry started from. */
  private record Settled(String uid, Long generation, Inputs inputs, Instant at) {}

  /**
   * What a pass reads besides the watch caches: the credential (by its hash), when it expires, and
   * the registry checks' outcomes.
   */
  record Inputs(String configHash, String expiresAt, List<String> registries) {

    static Inputs of(RegistryCredentials.Resolved resolved, List<RegistryCheckStatus> checks) {
      return new Inputs(
          resolved.config().hash(),
          resolved.expiresAt().map(Instant::toString).orElse(""),
          checks.stream()
              .map(
                  check ->
                      String.join(
                          "\0",
                          check.getServer(),
                          check.getVerify(),
                          check.getOutcome(),
                          String.valueOf(check.getHttpStatus()),
                          String.valueOf(check.getMessage()),
                          String.valueOf(check.getCheckedAt())))
              .toList());
    }
  }

  private final Map<String, Settled> settled = new ConcurrentHashMap<>();
  private final Set<String> woken = ConcurrentHashMap.newKeySet();
  private final Clock clock;

  QuietRefresh(Clock clock) {
    this.clock = clock;
  }

  /** A watch event concerns {@code sync}: its next pass plans in full. */
  void woken(String sync) {
    woken.add(sync);
  }

  /**
   * Called first in every pass, before the caches are read: whether a watch event woke the sync
   * since its last pass began. An event that arrives later wakes it again.
   */
  boolean takeWoken(String sync) {
    return woken.remove(sync);
  }

  /**
   * True when a pass of {@code sync} that was not woken and found {@code inputs} may stop here: the
   * last full pass started from the same spec and inputs, left nothing to retry, and is younger
   * than {@link #FULL_PASS_EVERY}.
   */
  boolean mayStop(PullSecretSync sync, boolean wokenNow, Inputs inputs) {
    Settled last = settled.get(sync.getMetadata().getName());
    return !wokenNow
        && last != null
        && Objects.equals(last.uid(), sync.getMetadata().getUid())
        && Objects.equals(last.generation(), sync.getMetadata().getGeneration())
        && last.inputs().equals(inputs)
        && clock.instant().isBefore(last.at().plus(FULL_PASS_EVERY));
  }

  /** A full pass begins (or a pass stopped early): the next one plans in full unless settled. */
  void unsettle(String sync) {
    settled.remove(sync);
  }

  /** A full pass from {@code inputs} left nothing to retry. */
  void settled(PullSecretSync sync, Inputs inputs) {
    settled.put(
        sync.getMetadata().getName(),
        new Settled(
            sync.getMetadata().getUid(),
            sync.getMetadata().getGeneration(),
            inputs,
            clock.instant()));
  }

  /** The sync is gone. */
  void forget(String sync) {
    settled.remove(sync);
    woken.remove(sync);
  }
}
