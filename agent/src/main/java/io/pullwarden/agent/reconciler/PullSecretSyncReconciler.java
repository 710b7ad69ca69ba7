package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.DeletionPolicy;
import io.pullwarden.agent.customresource.PullSecretSyncStatus;
import io.pullwarden.agent.fanout.NamespaceOutcome;
import io.pullwarden.agent.fanout.SecretFanOut;
import io.pullwarden.agent.fanout.ServiceAccountWriter;
import io.pullwarden.agent.fanout.SyncCleanup;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.agent.registry.RegistryCheck;
import io.pullwarden.agent.source.BackoffRegistry;
import io.pullwarden.agent.source.CredentialCache;
import io.pullwarden.agent.source.RetryBackoff;
import io.pullwarden.agent.source.SourceSessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps one PullSecretSync true, one pass at a time: parse the spec, resolve its credentials (one
 * store read per change, shared with other syncs), plan from the watch caches ({@link SyncPlan}:
 * where the Secret is written, which ServiceAccounts change, what is removed), apply the plan
 * ({@link SyncEffects}), and report what happened in status and Events. A pass that cannot get a
 * whole, valid credential stops before writing, so an outage or a bad credential never blanks an
 * existing Secret.
 */
@ControllerConfiguration(name = PullSecretSyncReconciler.NAME)
public final class PullSecretSyncReconciler
    implements Reconciler<PullSecretSync>, Cleaner<PullSecretSync> {

  public static final String NAME = "pullsecretsync";
  private static final Logger LOG = LoggerFactory.getLogger(PullSecretSyncReconciler.class);

  /** A namespace the settled pass left current, in the report of a pass over woken namespaces. */
  private static final NamespaceOutcome LEFT_CURRENT =
      NamespaceOutcome.of("", NamespaceOutcome.Result.UNCHANGED);

  private final CredentialCache cache;
  private final CredentialChanges changes;
  private final SyncEffects effects;
  private final SyncReport report;
  private final AgentMetrics metrics;
  private final SyncTargets targets;
  private final RegistryCredentials credentials;
  private final SyncCleanup cleanup;
  private final SyncRetry retries;
  private final CredentialChecks checks;
  private final OwnWrites ownWrites = new OwnWrites();
  private final PassScope scope;
  private final Clock clock;

  /**
   * @param backoff how long a sync waits after a failure that only time fixes (a store or plugin
   *     that failed, a write or cleanup the API server refused for now), by failures in a row
   */
  public PullSecretSyncReconciler(
      SourceSessions sessions,
      CredentialCache cache,
      CredentialChanges changes,
      SecretFanOut fanOut,
      ServiceAccountWriter accounts,
      SyncCleanup cleanup,
      EventRecorder events,
      AgentMetrics metrics,
      Clock clock,
      int maxSecretBytes,
      RetryBackoff backoff,
      RegistryCheck registryCheck) {
    this.cache = cache;
    this.changes = changes;
    this.clock = clock;
    this.scope = new PassScope(clock);
    this.targets = new SyncTargets(sessions::forget, ownWrites, scope);
    this.effects =
        new SyncEffects(
            SecretWrites.of(fanOut), ServiceAccountChanges.of(accounts), cleanup::remove);
    this.report = new SyncReport(events, metrics, clock);
    this.metrics = metrics;
    this.credentials = new RegistryCredentials(sessions, cache, targets::source, maxSecretBytes);
    this.cleanup = cleanup;
    this.retries =
        new SyncRetry(BackoffRegistry.of(backoff), () -> ThreadLocalRandom.current().nextDouble());
    this.checks = new CredentialChecks(registryCheck, targets::source, events, metrics, clock);
  }

  @Override
  public List<EventSource<?, PullSecretSync>> prepareEventSources(
      EventSourceContext<PullSecretSync> context) {
    List<EventSource<?, PullSecretSync>> sources = new ArrayList<>(targets.eventSources(context));
    sources.add(changes.eventSource());
    return sources;
  }

  @Override
  public UpdateControl<PullSecretSync> reconcile(PullSecretSync sync, Context<PullSecretSync> ctx) {
    try (var logged = MDC.putCloseable("sync", sync.getMetadata().getName())) {
      return pass(sync, ctx);
    } catch (RuntimeException e) {
      // The wake this pass took is lost with it: the retry plans in full.
      scope.unsettle(sync.getMetadata().getName());
      throw e;
    }
  }

  private UpdateControl<PullSecretSync> pass(PullSecretSync sync, Context<PullSecretSync> ctx) {
    String name = sync.getMetadata().getName();
    // Before any cache is read: an event after this point wakes the sync again.
    PassScope.Wake wake = scope.take(name);
    SyncSettings settings;
    try {
      settings = SyncSettings.parse(sync);
    } catch (SyncBlocked blocked) {
      LOG.warn("PullSecretSync {} not synced: {}", name, blocked.getMessage());
      scope.unsettle(name);
      metrics.syncPass("blocked");
      return report.blocked(sync, blocked, OptionalInt.empty(), blocked.retryAfter());
    }
    RegistryCredentials.Resolved resolved;
    try {
      resolved = credentials.resolve(settings);
    } catch (SyncBlocked blocked) {
      LOG.warn("PullSecretSync {} not synced: {}", name, blocked.getMessage());
      scope.unsettle(name);
      metrics.syncPass("blocked");
      Duration retry = retries.afterBlocked(name, blocked);
      return report.blocked(sync, blocked, selectedCount(settings), retry);
    }
    cache.retain(name, resolved.keys());
    // Before anything is written: a credential the registry rejects under Enforce stops here.
    CredentialChecks.Verdict verdict = checks.verify(sync, settings, resolved);
    if (verdict.blocked().isPresent()) {
      SyncBlocked blocked = verdict.blocked().get();
      LOG.warn("PullSecretSync {} not synced: {}", name, blocked.getMessage());
      scope.unsettle(name);
      metrics.syncPass("blocked");
      Duration retry = retries.afterBlocked(name, blocked);
      return report.blocked(sync, blocked, selectedCount(settings), retry, verdict.registries());
    }
    PassScope.Inputs inputs = PassScope.Inputs.of(resolved, verdict.registries());
    if (scope.mayStop(sync, wake, inputs)) {
      metrics.syncPass("quiet");
      return UpdateControl.<PullSecretSync>noUpdate()
          .rescheduleAfter(retries.afterWrites(name, false, settings.refreshInterval()));
    }
    // Only the namespaces that had events, when the settled pass left every other one current.
    Optional<List<Namespace>> woken =
        scope.mayPlanOnlyWoken(sync, wake, inputs)
            ? targets.liveNamespaces(wake.namespaces())
            : Optional.empty();
    Instant fullPassAt = woken.isPresent() ? scope.fullPassAt(name) : clock.instant();
    scope.unsettle(name);
    metrics.syncPass(woken.isPresent() ? "namespaces" : "full");

    List<Namespace> selected =
        woken
            .map(namespaces -> namespaces.stream().filter(settings.targets()::includes).toList())
            .orElseGet(() -> targets.selectedNamespaces(settings));
    // Read with the plan's inputs: the other selected namespaces, which the settled pass left
    // current and this one leaves alone.
    int leftCurrent =
        woken.isPresent() ? targets.selectedCountExcept(settings, wake.namespaces()) : 0;
    List<Secret> managed =
        woken.isPresent() ? targets.managedIn(name, wake.namespaces()) : targets.managedBy(name);
    Map<String, List<String>> rivals = targets.rivals(settings);
    // A sync that now shares a Secret name with this one, or no longer does, reports it at its
    // next refresh, which would otherwise find nothing new.
    scope.rivalsChanged(name, rivals).forEach(scope::woken);
    SyncPlan plan =
        SyncPlan.of(
            settings,
            selected,
            resolved.grants(),
            resolved.config(),
            managed,
            targets.accountsIn(selected, managed),
            rivals);
    report
        .rotating(sync, resolved.config().hash(), plan.writes())
        .ifPresent(
            patch -> {
              announce(patch, ctx);
              // The end of the pass settles from what the API server now holds, so Reconciling's
              // lastTransitionTime records its turn back to False.
              sync.setStatus(patch.getStatus());
            });
    ownWrites.writing(settings, resolved.config().hash());
    SyncEffects.Applied applied = effects.apply(settings, plan, resolved.config());
    // A pass over woken namespaces: every other selected one is as current as the settled pass
    // left it, and counts so in the status.
    List<NamespaceOutcome> outcomes =
        woken.isPresent()
            ? Stream.concat(
                    Collections.nCopies(leftCurrent, LEFT_CURRENT).stream(),
                    applied.outcomes().stream())
                .toList()
            : applied.outcomes();
    List<NamespaceOutcome> leftovers = applied.leftovers();
    UpdateControl<PullSecretSync> control =
        report.synced(sync, resolved, outcomes, leftovers, verdict.registries());
    boolean retry =
        Stream.concat(outcomes.stream(), leftovers.stream())
            .anyMatch(NamespaceOutcome::isRetriable);
    // A conflict can end unseen (a Secret Pullwarden does not watch is deleted): a sync that has
    // one plans in full at every refresh.
    boolean conflict =
        outcomes.stream()
            .anyMatch(o -> o.result() == NamespaceOutcome.Result.CONFLICT || o.isContested());
    if (!retry && !conflict) {
      PullSecretSyncStatus left = control.getResource().map(PullSecretSync::getStatus).orElse(null);
      left = left == null ? sync.getStatus() : left;
      scope.settled(
          sync, inputs, left, StatusConditions.isTrue(left, StatusConditions.READY), fullPassAt);
    }
    return control.rescheduleAfter(retries.afterWrites(name, retry, settings.refreshInterval()));
  }

  private OptionalInt selectedCount(SyncSettings settings) {
    return OptionalInt.of(targets.selectedCountExcept(settings, Set.of()));
  }

  /**
   * Applies a status patch before the writes (see {@link SyncReport#rotating}), as the same field
   * manager as the status patch that ends the pass. It only informs: when it fails, the writes go
   * ahead and the end of the pass reports their outcome.
   */
  private static void announce(PullSecretSync patch, Context<PullSecretSync> ctx) {
    try {
      ctx.getClient()
          .resource(patch)
          .subresource("status")
          .patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.SERVER_SIDE_APPLY)
                  .withFieldManager(ctx.getControllerConfiguration().fieldManager())
                  .withForce(true)
                  .build());
    } catch (KubernetesClientException e) {
      LOG.warn(
          "PullSecretSync {}: could not mark it Reconciling before writing (HTTP {}); writing anyway",
          patch.getMetadata().getName(),
          e.getCode());
    }
  }

  @Override
  public DeleteControl cleanup(PullSecretSync sync, Context<PullSecretSync> ctx) {
    try (var logged = MDC.putCloseable("sync", sync.getMetadata().getName())) {
      return clean(sync);
    }
  }

  private DeleteControl clean(PullSecretSync sync) {
    String name = sync.getMetadata().getName();
    DeletionPolicy policy =
        sync.getSpec() == null ? DeletionPolicy.Delete : sync.getSpec().getDeletionPolicy();
    // From the API server, not the caches: a Secret or an attachment written a moment ago may
    // not be in them yet, and once the finalizer is gone nothing would ever remove it.
    List<Secret> written;
    List<NamespaceOutcome> failures;
    try {
      written = cleanup.writtenBy(name);
      failures =
          cleanup.remove(
              name,
              written,
              policy,
              secret -> cleanup.accountsNow(secret.getMetadata().getNamespace()));
    } catch (KubernetesClientException e) {
      LOG.warn(
          "PullSecretSync {} is being deleted; reading its Secrets failed with HTTP {}, retrying",
          name,
          e.getCode());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(retries.afterCleanupFailure(name));
    }
    if (!failures.isEmpty()) {
      LOG.warn(
          "PullSecretSync {} is being deleted; cleanup failed in {} of {} namespace(s), retrying",
          name,
          failures.size(),
          written.size());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(retries.afterCleanupFailure(name));
    }
    cache.retain(name, Set.of());
    retries.forget(name);
    metrics.forgetSync(name);
    report.forget(name);
    scope.rivalsChanged(name, Map.of()).forEach(scope::woken);
    ownWrites.forget(name);
    scope.forget(name);
    LOG.info(
        "PullSecretSync {} deleted; {} Secret(s) {}",
        name,
        written.size(),
        policy == DeletionPolicy.Delete ? "detached and deleted" : "released");
    return DeleteControl.defaultDelete();
  }
}
