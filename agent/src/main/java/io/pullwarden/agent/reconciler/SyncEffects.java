package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import io.pullwarden.agent.fanout.NamespaceOutcome;
import io.pullwarden.agent.fanout.SecretFanOut;
import io.pullwarden.agent.fanout.SyncCleanup;
import io.pullwarden.agent.reconciler.SyncPlan.Leftover;
import io.pullwarden.agent.reconciler.SyncPlan.NamespacePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link SyncPlan}: the only place a pass writes. It writes the Secrets the plan
 * marks for writing (all within {@link SecretFanOut}'s one bound), then changes the ServiceAccounts
 * of each namespace that now holds the Secret, then removes the leftovers (detach before delete,
 * {@link SyncCleanup}). It makes no decisions of its own beyond what the API server answers, and
 * reads nothing from the caches: everything it needs is in the plan.
 */
final class SyncEffects {

  private static final Logger LOG = LoggerFactory.getLogger(SyncEffects.class);

  private final SecretWrites secrets;
  private final ServiceAccountChanges accounts;
  private final LeftoverRemoval removal;

  SyncEffects(SecretWrites secrets, ServiceAccountChanges accounts, LeftoverRemoval removal) {
    this.secrets = secrets;
    this.accounts = accounts;
    this.removal = removal;
  }

  /**
   * What happened: one outcome per planned namespace, in the plan's order, and the leftovers whose
   * removal failed.
   */
  record Applied(List<NamespaceOutcome> outcomes, List<NamespaceOutcome> leftovers) {}

  Applied apply(SyncSettings settings, SyncPlan plan, DockerConfig config) {
    String secretName = settings.spec().getSecretName();
    Map<String, NamespacePlan> byNamespace = new HashMap<>();
    Map<String, Secret> writes = new LinkedHashMap<>();
    for (NamespacePlan entry : plan.namespaces()) {
      byNamespace.put(entry.namespace(), entry);
      if (entry.secret() instanceof SyncPlan.Write write) {
        writes.put(entry.namespace(), write.cached());
      }
    }
    Map<String, NamespaceOutcome> written = new HashMap<>();
    for (NamespaceOutcome outcome :
        secrets.write(
            new SecretFanOut.Plan(
                settings.name(),
                secretName,
                settings.spec().getConflictPolicy(),
                config,
                settings.template()),
            writes.keySet(),
            writes::get)) {
      written.put(outcome.namespace(), outcome);
    }
    List<NamespaceOutcome> outcomes = new ArrayList<>(plan.namespaces().size());
    for (NamespacePlan entry : plan.namespaces()) {
      outcomes.add(
          switch (entry.secret()) {
            case SyncPlan.Unchanged unchanged ->
                NamespaceOutcome.of(entry.namespace(), NamespaceOutcome.Result.UNCHANGED);
            case SyncPlan.Write write -> written.get(entry.namespace());
            case SyncPlan.Refused refused -> refused.outcome();
          });
    }
    outcomes =
        secrets.runPerNamespace(
            outcomes,
            outcome -> outcome.isSynced() && byNamespace.get(outcome.namespace()).changesAccounts(),
            outcome -> changeAccounts(byNamespace.get(outcome.namespace()), secretName, outcome));
    outcomes =
        outcomes.stream()
            .map(outcome -> byNamespace.get(outcome.namespace()).contest(outcome, secretName))
            .toList();
    return new Applied(outcomes, removeLeftovers(settings, plan.leftovers()));
  }

  private NamespaceOutcome changeAccounts(
      NamespacePlan entry, String secretName, NamespaceOutcome outcome) {
    try {
      for (ServiceAccount account : entry.attach()) {
        accounts.attach(account, secretName);
      }
      for (ServiceAccount account : entry.detach()) {
        accounts.detach(account, secretName);
      }
      return outcome;
    } catch (KubernetesClientException e) {
      return new NamespaceOutcome(
          outcome.namespace(),
          NamespaceOutcome.Result.FAILED,
          Reason.SERVICE_ACCOUNT_UPDATE_FAILED.toString(),
          "attaching to or detaching from a ServiceAccount failed with HTTP " + e.getCode());
    }
  }

  /** Deletes (detached first) or releases the leftovers, by the deletion policy. */
  private List<NamespaceOutcome> removeLeftovers(SyncSettings settings, List<Leftover> leftovers) {
    if (leftovers.isEmpty()) {
      return List.of();
    }
    LOG.info(
        "PullSecretSync {}: {} Secret(s) no longer selected ({})",
        settings.name(),
        leftovers.size(),
        settings.spec().getDeletionPolicy());
    Map<Secret, List<ServiceAccount>> detachFrom = new IdentityHashMap<>();
    leftovers.forEach(leftover -> detachFrom.put(leftover.secret(), leftover.detachFrom()));
    return removal.remove(
        settings.name(),
        leftovers.stream().map(Leftover::secret).toList(),
        settings.spec().getDeletionPolicy(),
        detachFrom::get);
  }
}
