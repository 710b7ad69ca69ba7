package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncStatus;
import io.pullwarden.agent.customresource.RegistryCheckStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How much of a PullSecretSync a pass must plan (ADR 0027). A full pass plans every selected
 * namespace, which at thousands of namespaces is tens of milliseconds of CPU. Two kinds of pass
 * need less, once a full pass has settled the sync (left nothing to retry) and nothing it read has
 * changed since (spec generation, credential, expiry, registry checks, the status it wrote):
 *
 * <ul>
 *   <li>a refresh no watch event came with plans nothing: it checked the credential, and nothing
 *       else can have changed ({@code quiet});
 *   <li>a pass woken only by events in some namespaces (the namespace itself, a Secret or a
 *       ServiceAccount there), while the settled pass left every selected namespace current, plans
 *       just those namespaces ({@code namespaces}): a new namespace, or a repaired Secret, costs
 *       one small pass, not a walk of all of them.
 * </ul>
 *
 * Every other pass is full: a CredentialSource's event, a namespace being deleted, more than {@link
 * #MAX_NAMESPACES} namespaces at once, a changed input, a pass that stopped early, left a retry or
 * met a conflict (a Secret Pullwarden does not watch can end it unseen), the first after a start,
 * and at least one every {@link #FULL_PASS_EVERY} whatever happened.
 */
final class PassScope {

  /** A sync plans in full at least this often, even when nothing seemed to change. */
  static final Duration FULL_PASS_EVERY = Duration.ofMinutes(5);

  /** More woken namespaces than this before a pass, and it plans in full. */
  static final int MAX_NAMESPACES = 32;

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

  /**
   * What woke a sync since its last pass began: nothing (its refresh timer), only events in the
   * namespaces listed, or anything else ({@code full}).
   */
  record Wake(boolean full, Set<String> namespaces) {
    static final Wake NONE = new Wake(false, Set.of());
    static final Wake FULL = new Wake(true, Set.of());

    boolean none() {
      return !full && namespaces.isEmpty();
    }
  }

  /** What a full pass that left nothing to retry started from, and the status it left. */
  private record Settled(
      String uid, Long generation, Inputs inputs, Instant at, String status, boolean allCurrent) {}

  private final Map<String, Settled> settled = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> rivals = new ConcurrentHashMap<>();
  private final Map<String, Wake> woken = new ConcurrentHashMap<>();
  private final Clock clock;

  PassScope(Clock clock) {
    this.clock = clock;
  }

  /** A watch event concerns {@code sync}: its next pass plans in full. */
  void woken(String sync) {
    woken.put(sync, Wake.FULL);
  }

  /**
   * An event in {@code namespace} concerns {@code sync}: unless something else woke it too, the
   * next pass may plan that namespace alone.
   */
  void wokenFor(String sync, String namespace) {
    woken.merge(
        sync,
        new Wake(false, Set.of(namespace)),
        (before, added) -> {
          if (before.full() || before.namespaces().size() >= MAX_NAMESPACES) {
            return Wake.FULL;
          }
          Set<String> namespaces = new TreeSet<>(before.namespaces());
          namespaces.add(namespace);
          return new Wake(false, Set.copyOf(namespaces));
        });
  }

  /**
   * Called first in every pass, before the caches are read: what woke the sync since its last pass
   * began. An event that arrives later wakes it again.
   */
  Wake take(String sync) {
    Wake wake = woken.remove(sync);
    return wake == null ? Wake.NONE : wake;
  }

  /** True when a pass woken by {@code wake} that found {@code inputs} may stop here. */
  boolean mayStop(PullSecretSync sync, Wake wake, Inputs inputs) {
    return wake.none() && unchanged(sync, inputs) != null;
  }

  /**
   * True when a pass woken by {@code wake} may plan only the namespaces of {@code wake}: the
   * settled pass left every selected namespace current and nothing else changed since.
   */
  boolean mayPlanOnlyWoken(PullSecretSync sync, Wake wake, Inputs inputs) {
    Settled last = wake.full() || wake.none() ? null : unchanged(sync, inputs);
    return last != null && last.allCurrent();
  }

  /** The settled pass {@code sync} and {@code inputs} are unchanged from, or null. */
  private Settled unchanged(PullSecretSync sync, Inputs inputs) {
    Settled last = settled.get(sync.getMetadata().getName());
    boolean same =
        last != null
            && Objects.equals(last.uid(), sync.getMetadata().getUid())
            && Objects.equals(last.generation(), sync.getMetadata().getGeneration())
            && last.inputs().equals(inputs)
            && clock.instant().isBefore(last.at().plus(FULL_PASS_EVERY))
            && last.status().equals(json(sync.getStatus()));
    return same ? last : null;
  }

  /** A pass begins that plans (or a pass stopped early): nothing is settled until it ends. */
  void unsettle(String sync) {
    settled.remove(sync);
  }

  /**
   * A pass from {@code inputs} left nothing to retry and {@code status} (what the sync's status is
   * once its patch, if any, lands). A status that differs when the next pass starts (the patch
   * failed, or someone edited it) makes that pass full. {@code allCurrent}: every selected
   * namespace holds the current Secret.
   *
   * @param fullPassAt when the last full pass began: a pass that planned only some namespaces keeps
   *     it, so a full one still comes every {@link #FULL_PASS_EVERY}
   */
  void settled(
      PullSecretSync sync,
      Inputs inputs,
      PullSecretSyncStatus status,
      boolean allCurrent,
      Instant fullPassAt) {
    settled.put(
        sync.getMetadata().getName(),
        new Settled(
            sync.getMetadata().getUid(),
            sync.getMetadata().getGeneration(),
            inputs,
            fullPassAt,
            json(status),
            allCurrent));
  }

  /** When the full pass behind the settled state of {@code sync} began; now if none is. */
  Instant fullPassAt(String sync) {
    Settled last = settled.get(sync);
    return last == null ? clock.instant() : last.at();
  }

  /**
   * The syncs that became or stopped being rivals of {@code sync} (another sync wanting a Secret of
   * the same name in a namespace it selects) since its last pass: they have news to report.
   *
   * @param now for each contested namespace, the rival syncs there
   */
  Set<String> rivalsChanged(String sync, Map<String, List<String>> now) {
    Set<String> names = new TreeSet<>();
    now.values().forEach(names::addAll);
    Set<String> before =
        names.isEmpty() ? rivals.remove(sync) : rivals.put(sync, Set.copyOf(names));
    Set<String> changed = new TreeSet<>(names);
    if (before != null) {
      changed.addAll(before);
      changed.removeIf(name -> names.contains(name) && before.contains(name));
    }
    return changed;
  }

  /** The sync is gone. */
  void forget(String sync) {
    settled.remove(sync);
    woken.remove(sync);
    rivals.remove(sync);
  }

  private static String json(PullSecretSyncStatus status) {
    return status == null ? "" : Serialization.asJson(status);
  }
}
