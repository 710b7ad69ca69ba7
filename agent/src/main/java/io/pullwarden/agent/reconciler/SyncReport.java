package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.NamespaceCounts;
import io.pullwarden.agent.customresource.NamespaceProblem;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncStatus;
import io.pullwarden.agent.customresource.RegistryCheckStatus;
import io.pullwarden.agent.fanout.NamespaceOutcome;
import io.pullwarden.agent.fanout.NamespaceOutcome.Result;
import io.pullwarden.agent.metrics.AgentMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Turns the result of a pass into a PullSecretSync's status and Events. The status is written only
 * when something in it changed, and Events only on transitions (a rotation, a new problem, a
 * recovery), so a quiet refresh makes no API writes at all.
 */
final class SyncReport {

  static final int MAX_PROBLEMS = 20;

  private final Map<String, String> written = new ConcurrentHashMap<>();
  private final Events events;
  private final AgentMetrics metrics;
  private final Clock clock;

  SyncReport(Events events, AgentMetrics metrics, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Reports a pass that stopped before writing. {@code selected} is how many namespaces the sync
   * selects, when the spec could be read: the selection does not depend on the credential, so it is
   * reported (status and metric) even when the store fails.
   *
   * @param retryAfter when to try again; null waits for a change of the resource
   */
  UpdateControl<PullSecretSync> blocked(
      PullSecretSync sync, SyncBlocked blocked, OptionalInt selected, Duration retryAfter) {
    return blocked(sync, blocked, selected, retryAfter, null);
  }

  /**
   * As above, also reporting the registry checks of the pass ({@code status.registries}); null
   * leaves them as they are.
   */
  UpdateControl<PullSecretSync> blocked(
      PullSecretSync sync,
      SyncBlocked blocked,
      OptionalInt selected,
      Duration retryAfter,
      List<RegistryCheckStatus> registries) {
    PullSecretSyncStatus status = copyOf(sync.getStatus());
    if (registries != null) {
      status.setRegistries(registries);
    }
    selected.ifPresent(
        count -> {
          NamespaceCounts counts =
              status.getNamespaces() == null ? new NamespaceCounts() : status.getNamespaces();
          counts.setSelected(count);
          status.setNamespaces(counts);
          metrics.syncNamespaces(sync.getMetadata().getName(), "selected", count);
        });
    long generation = sync.getMetadata().getGeneration();
    Instant now = clock.instant();
    Condition before = StatusConditions.get(status, StatusConditions.DEGRADED);
    StatusConditions.settle(status, false, blocked.reason(), blocked.getMessage(), generation, now);
    StatusConditions.set(
        status,
        StatusConditions.DEGRADED,
        true,
        blocked.reason(),
        blocked.getMessage(),
        generation,
        now);
    status.setObservedGeneration(generation);
    // Compared as stored: the condition cuts a long message, which would otherwise differ each
    // pass.
    String stored = StatusConditions.get(status, StatusConditions.DEGRADED).getMessage();
    if (before == null
        || !"True".equals(before.getStatus())
        || !stored.equals(before.getMessage())) {
      events.warning(
          sync,
          blocked.reason(),
          blocked.getMessage() + "; existing Secrets were left as they are");
    }
    UpdateControl<PullSecretSync> control = patchIfChanged(sync, status);
    return retryAfter == null ? control : control.rescheduleAfter(retryAfter);
  }

  /**
   * The status patch to make before a pass writes a credential other than the one the status names
   * (a rotation, or the first sync): Reconciling True, so kstatus-based tools see the sync
   * InProgress until the writes are done and {@link #synced} settles it. Ready keeps the last
   * outcome meanwhile. Empty when the credential is unchanged or nothing is to be written: a new
   * namespace or a repaired Secret costs no status write.
   *
   * @param writes how many namespaces the pass is about to write
   */
  Optional<PullSecretSync> rotating(PullSecretSync sync, String hash, int writes) {
    PullSecretSyncStatus stored = sync.getStatus();
    if (writes == 0 || (stored != null && hash.equals(stored.getCredentialHash()))) {
      return Optional.empty();
    }
    PullSecretSyncStatus status = copyOf(stored);
    String message =
        (status.getCredentialHash() == null
                ? "writing the credential to "
                : "the credential changed; writing it to ")
            + writes
            + " namespace(s)";
    StatusConditions.reconciling(
        status,
        Reason.ROTATING.toString(),
        message,
        sync.getMetadata().getGeneration(),
        clock.instant());
    return Optional.of(statusPatch(sync, status));
  }

  UpdateControl<PullSecretSync> synced(
      PullSecretSync sync,
      RegistryCredentials.Resolved resolved,
      List<NamespaceOutcome> outcomes,
      List<NamespaceOutcome> leftovers) {
    return synced(sync, resolved, outcomes, leftovers, List.of());
  }

  /** As above, with the registry checks of the pass ({@code status.registries}). */
  UpdateControl<PullSecretSync> synced(
      PullSecretSync sync,
      RegistryCredentials.Resolved resolved,
      List<NamespaceOutcome> outcomes,
      List<NamespaceOutcome> leftovers,
      List<RegistryCheckStatus> registries) {
    PullSecretSyncStatus previous = sync.getStatus();
    PullSecretSyncStatus status = copyOf(previous);
    status.setRegistries(registries);
    long generation = sync.getMetadata().getGeneration();
    Instant now = clock.instant();
    int synced = count(outcomes, Result.UNCHANGED, Result.CREATED, Result.UPDATED);
    int failed = count(outcomes, Result.FAILED) + leftovers.size();
    int conflicts =
        count(outcomes, Result.CONFLICT)
            + (int) outcomes.stream().filter(NamespaceOutcome::isContested).count();
    int writes = count(outcomes, Result.CREATED, Result.UPDATED);

    status.setObservedGeneration(generation);
    status.setNamespaces(new NamespaceCounts(outcomes.size(), synced, failed, conflicts));
    status.setProblems(
        Stream.concat(
                outcomes.stream().filter(o -> !o.isSynced() || o.isContested()), leftovers.stream())
            .limit(MAX_PROBLEMS)
            .map(o -> new NamespaceProblem(o.namespace(), o.reason(), o.message()))
            .toList());
    status.setCredentialHash(resolved.config().hash());
    status.setExpiresAt(resolved.expiresAt().map(Instant::toString).orElse(null));

    boolean ready = failed == 0 && conflicts == 0;
    String reason =
        ready
            ? Reason.SYNCED.toString()
            : failed > 0 ? Reason.NAMESPACES_FAILED.toString() : conflictReason(outcomes);
    String message =
        ready
            ? "the Secret is current in all " + outcomes.size() + " selected namespaces"
            : failed
                + " namespace(s) failed and "
                + conflicts
                + " have a conflict (a Secret this sync may not write, or a namespace its source"
                + " does not allow); see status.problems";
    Condition degradedBefore = StatusConditions.get(status, StatusConditions.DEGRADED);
    StatusConditions.settle(status, ready, reason, message, generation, now);
    StatusConditions.set(
        status, StatusConditions.DEGRADED, !ready, reason, message, generation, now);

    boolean wasDegraded = degradedBefore != null && "True".equals(degradedBefore.getStatus());
    String name = sync.getMetadata().getName();
    // The hash this agent last wrote wins over the stored status, which may lag behind our own
    // status patch; after a restart only the status knows.
    String oldHash =
        written.getOrDefault(name, previous == null ? null : previous.getCredentialHash());
    written.put(name, status.getCredentialHash());
    if (oldHash != null && !oldHash.equals(status.getCredentialHash())) {
      events.normal(
          sync,
          Reason.CREDENTIAL_ROTATED.toString(),
          "the credential changed; wrote the new Secret to " + writes + " namespace(s)");
      metrics.rotation(name);
      metrics.propagation(name, Duration.between(resolved.changedAt(), now));
    }
    record(name, outcomes, leftovers, resolved, ready, now);
    if (!ready && !(wasDegraded && message.equals(degradedBefore.getMessage()))) {
      events.warning(sync, reason, message);
    } else if (ready && wasDegraded) {
      events.normal(sync, Reason.RECOVERED.toString(), message);
    }
    return patchIfChanged(sync, status);
  }

  private void record(
      String sync,
      List<NamespaceOutcome> outcomes,
      List<NamespaceOutcome> leftovers,
      RegistryCredentials.Resolved resolved,
      boolean ready,
      Instant now) {
    for (NamespaceOutcome outcome : outcomes) {
      switch (outcome.result()) {
        case CREATED -> metrics.secretWrite(sync, "create", "success");
        case UPDATED -> metrics.secretWrite(sync, "update", "success");
        case FAILED -> metrics.secretWrite(sync, "write", "failure");
        case CONFLICT -> metrics.secretWrite(sync, "write", "conflict");
        case UNCHANGED, REMOVED -> {}
      }
    }
    metrics.syncNamespaces(sync, "selected", outcomes.size());
    metrics.syncNamespaces(
        sync, "synced", count(outcomes, Result.UNCHANGED, Result.CREATED, Result.UPDATED));
    metrics.syncNamespaces(sync, "failed", count(outcomes, Result.FAILED) + leftovers.size());
    metrics.syncNamespaces(
        sync,
        "conflicts",
        count(outcomes, Result.CONFLICT)
            + (int) outcomes.stream().filter(NamespaceOutcome::isContested).count());
    resolved
        .expiries()
        .forEach(
            (server, expiry) -> {
              metrics.credentialExpiry(sync, server, expiry.expiresAt());
              expiry.renewalDue().ifPresent(due -> metrics.credentialRenewalDue(sync, server, due));
            });
    if (ready) {
      metrics.syncSucceeded(sync, now);
    }
  }

  /** Forgets a deleted sync. */
  void forget(String sync) {
    written.remove(sync);
  }

  /** Patches the status when it differs from the stored one; lastSyncTime moves only then. */
  private UpdateControl<PullSecretSync> patchIfChanged(
      PullSecretSync sync, PullSecretSyncStatus status) {
    PullSecretSyncStatus stored = sync.getStatus();
    status.setLastSyncTime(stored == null ? null : stored.getLastSyncTime());
    if (stored != null
        && Objects.equals(Serialization.asJson(stored), Serialization.asJson(status))) {
      return UpdateControl.noUpdate();
    }
    status.setLastSyncTime(clock.instant().toString());
    return UpdateControl.patchStatus(statusPatch(sync, status));
  }

  /**
   * The object of a server-side apply of the status alone: a copy of the whole resource would carry
   * its resourceVersion, and a stale one makes the patch fail with 409 and the pass run again.
   */
  private static PullSecretSync statusPatch(PullSecretSync sync, PullSecretSyncStatus status) {
    PullSecretSync patch = new PullSecretSync();
    patch.getMetadata().setName(sync.getMetadata().getName());
    patch.setStatus(status);
    return patch;
  }

  private static PullSecretSyncStatus copyOf(PullSecretSyncStatus status) {
    return status == null ? new PullSecretSyncStatus() : Serialization.clone(status);
  }

  /**
   * The reason shared by every conflict (such as NamespaceNotAllowed or ManagedByOtherSync), so the
   * condition says what is wrong; SecretConflicts when they differ.
   */
  private static String conflictReason(List<NamespaceOutcome> outcomes) {
    List<String> reasons =
        outcomes.stream()
            .filter(o -> o.result() == Result.CONFLICT || o.isContested())
            .map(NamespaceOutcome::reason)
            .distinct()
            .toList();
    return reasons.size() == 1 ? reasons.get(0) : Reason.SECRET_CONFLICTS.toString();
  }

  private static int count(List<NamespaceOutcome> outcomes, Result... results) {
    List<Result> wanted = List.of(results);
    return (int) outcomes.stream().filter(o -> wanted.contains(o.result())).count();
  }
}
