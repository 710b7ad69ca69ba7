package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import io.pullwarden.agent.fanout.NamespaceOutcome;
import io.pullwarden.agent.fanout.PullSecretAttachment;
import io.pullwarden.agent.fanout.SecretFanOut;
import io.pullwarden.agent.fanout.ServiceAccountWriter;
import io.pullwarden.agent.fanout.SyncCleanup;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.agent.source.BackoffRegistry;
import io.pullwarden.agent.source.CredentialCache;
import io.pullwarden.agent.source.RetryBackoff;
import io.pullwarden.agent.source.SourceSessions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps one PullSecretSync true: resolves its credentials (one store read per change, shared with
 * other syncs), writes the Secret where a namespace is not current, attaches it to the
 * ServiceAccounts, removes it where a namespace left the selection, and reports what happened in
 * status and Events. A pass that cannot get a whole, valid credential stops before writing, so an
 * outage or a bad credential never blanks an existing Secret.
 */
@ControllerConfiguration(name = PullSecretSyncReconciler.NAME)
public final class PullSecretSyncReconciler
    implements Reconciler<PullSecretSync>, Cleaner<PullSecretSync> {

  public static final String NAME = "pullsecretsync";
  private static final Logger LOG = LoggerFactory.getLogger(PullSecretSyncReconciler.class);
  private static final Duration RETRY_WRITES = Duration.ofSeconds(10);

  private final CredentialCache cache;
  private final CredentialChanges changes;
  private final SecretFanOut fanOut;
  private final ServiceAccountWriter accounts;
  private final SyncReport report;
  private final AgentMetrics metrics;
  private final SyncTargets targets = new SyncTargets();
  private final RegistryCredentials credentials;
  private final SyncCleanup cleanup;
  private final BackoffRegistry backoffs;

  /**
   * @param backoff how long a sync waits after a plugin failed or timed out, by failures in a row
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
      RetryBackoff backoff) {
    this.cache = cache;
    this.changes = changes;
    this.fanOut = fanOut;
    this.accounts = accounts;
    this.report = new SyncReport(events, metrics, clock);
    this.metrics = metrics;
    this.credentials = new RegistryCredentials(sessions, cache, targets::source, maxSecretBytes);
    this.cleanup = cleanup;
    this.backoffs = BackoffRegistry.of(backoff);
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
      return pass(sync);
    }
  }

  private UpdateControl<PullSecretSync> pass(PullSecretSync sync) {
    String name = sync.getMetadata().getName();
    SyncSettings settings;
    try {
      settings = SyncSettings.parse(sync);
    } catch (SyncBlocked blocked) {
      LOG.warn("PullSecretSync {} not synced: {}", name, blocked.getMessage());
      return report.blocked(sync, blocked, OptionalInt.empty(), blocked.retryAfter());
    }
    List<Namespace> selected = targets.selectedNamespaces(settings);
    RegistryCredentials.Resolved resolved;
    try {
      resolved = credentials.resolve(settings);
    } catch (SyncBlocked blocked) {
      LOG.warn("PullSecretSync {} not synced: {}", name, blocked.getMessage());
      Duration retry = blocked.backsOff() ? backoffs.failed(name) : blocked.retryAfter();
      return report.blocked(sync, blocked, OptionalInt.of(selected.size()), retry);
    }
    backoffs.succeeded(name);
    cache.retain(name, resolved.keys());

    List<String> allowed = new ArrayList<>();
    List<NamespaceOutcome> refused = new ArrayList<>();
    for (Namespace namespace : selected) {
      resolved
          .grants()
          .refusal(namespace)
          .ifPresentOrElse(refused::add, () -> allowed.add(namespace.getMetadata().getName()));
    }
    String secretName = settings.spec().getSecretName();
    List<NamespaceOutcome> outcomes =
        new ArrayList<>(
            fanOut.write(
                new SecretFanOut.Plan(
                    name, secretName, settings.spec().getConflictPolicy(), resolved.config()),
                allowed,
                namespace -> targets.managedSecret(name, secretName, namespace)));
    outcomes = new ArrayList<>(contested(settings, attach(settings, outcomes)));
    outcomes.addAll(refused);
    List<NamespaceOutcome> leftovers = removeLeftovers(settings, new HashSet<>(allowed));
    UpdateControl<PullSecretSync> control = report.synced(sync, resolved, outcomes, leftovers);
    boolean retry =
        Stream.concat(outcomes.stream(), leftovers.stream())
            .anyMatch(NamespaceOutcome::isRetriable);
    return control.rescheduleAfter(retry ? RETRY_WRITES : settings.refreshInterval());
  }

  /**
   * Marks the namespaces where this sync holds the Secret but another sync wants one of the same
   * name: the other reports that it left the Secret alone, and this one reports the overlap too, so
   * the conflict shows on both and neither flaps.
   */
  private List<NamespaceOutcome> contested(SyncSettings settings, List<NamespaceOutcome> outcomes) {
    Map<String, List<String>> rivals = targets.rivals(settings);
    if (rivals.isEmpty()) {
      return outcomes;
    }
    List<NamespaceOutcome> marked = new ArrayList<>(outcomes.size());
    for (NamespaceOutcome outcome : outcomes) {
      List<String> others = rivals.get(outcome.namespace());
      marked.add(
          others == null || !outcome.isSynced()
              ? outcome
              : outcome.contested(
                  "SecretNameShared",
                  "PullSecretSync "
                      + String.join(", ", others)
                      + " also wants a Secret named "
                      + settings.spec().getSecretName()
                      + " here; this sync manages it and the other leaves it alone (give one"
                      + " of them another secretName)"));
    }
    return marked;
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
      failures = cleanup.remove(name, written, policy, cleanup::accountsNow);
    } catch (KubernetesClientException e) {
      LOG.warn(
          "PullSecretSync {} is being deleted; reading its Secrets failed with HTTP {}, retrying",
          name,
          e.getCode());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY_WRITES);
    }
    if (!failures.isEmpty()) {
      LOG.warn(
          "PullSecretSync {} is being deleted; cleanup failed in {} of {} namespace(s), retrying",
          name,
          failures.size(),
          written.size());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY_WRITES);
    }
    cache.retain(name, Set.of());
    backoffs.succeeded(name);
    metrics.forgetSync(name);
    report.forget(name);
    LOG.info(
        "PullSecretSync {} deleted; {} Secret(s) {}",
        name,
        written.size(),
        policy == DeletionPolicy.Delete ? "detached and deleted" : "released");
    return DeleteControl.defaultDelete();
  }

  /**
   * Attaches the Secret to the chosen ServiceAccounts of every namespace that holds it, and
   * detaches it from accounts Pullwarden attached it to that are no longer chosen; writes only
   * where an account needs a change, as many namespaces at once as Secret writes.
   */
  private List<NamespaceOutcome> attach(SyncSettings settings, List<NamespaceOutcome> outcomes) {
    String secretName = settings.spec().getSecretName();
    return fanOut.runPerNamespace(
        outcomes,
        outcome ->
            outcome.isSynced()
                && targets
                    .accountsIn(outcome.namespace())
                    .anyMatch(account -> needsChange(settings, account, secretName)),
        outcome -> attachIn(settings, outcome));
  }

  private static boolean needsChange(
      SyncSettings settings, ServiceAccount account, String secretName) {
    return settings.attachesTo(account.getMetadata().getName())
        ? !PullSecretAttachment.isAttached(account, secretName)
        : PullSecretAttachment.isAttachedByPullwarden(account, secretName);
  }

  private NamespaceOutcome attachIn(SyncSettings settings, NamespaceOutcome outcome) {
    String secretName = settings.spec().getSecretName();
    try {
      for (ServiceAccount account : targets.accountsIn(outcome.namespace()).toList()) {
        if (settings.attachesTo(account.getMetadata().getName())) {
          accounts.attach(account, secretName);
        } else {
          accounts.detach(account, secretName);
        }
      }
      return outcome;
    } catch (KubernetesClientException e) {
      return new NamespaceOutcome(
          outcome.namespace(),
          NamespaceOutcome.Result.FAILED,
          "ServiceAccountUpdateFailed",
          "attaching to or detaching from a ServiceAccount failed with HTTP " + e.getCode());
    }
  }

  /**
   * Handles this sync's Secrets outside the selection (or under an old secretName): deleted, with
   * the ServiceAccount entries Pullwarden added, or released, by the deletion policy.
   */
  private List<NamespaceOutcome> removeLeftovers(SyncSettings settings, Set<String> selected) {
    String secretName = settings.spec().getSecretName();
    List<Secret> leftovers =
        targets.managedBy(settings.name()).stream()
            .filter(
                secret ->
                    !selected.contains(secret.getMetadata().getNamespace())
                        || !secretName.equals(secret.getMetadata().getName()))
            .toList();
    if (leftovers.isEmpty()) {
      return List.of();
    }
    LOG.info(
        "PullSecretSync {}: {} Secret(s) no longer selected ({})",
        settings.name(),
        leftovers.size(),
        settings.spec().getDeletionPolicy());
    return cleanup.remove(
        settings.name(),
        leftovers,
        settings.spec().getDeletionPolicy(),
        namespace -> targets.accountsIn(namespace).toList());
  }
}
