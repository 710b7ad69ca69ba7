package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.DeletionPolicy;
import io.pullwarden.agent.metrics.AgentMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Removes what a sync wrote, in a safe order and only as far as it really happened: in each
 * namespace the Secret is first detached from every ServiceAccount Pullwarden attached it to, and
 * deleted (or released, under {@code Retain}) only when that worked, so no account is left naming a
 * Secret that is gone. Every Secret write is counted in {@code pullwarden_secret_writes_total}.
 *
 * <p>When a sync is deleted, its Secrets and the accounts are read from the API server rather than
 * from the watch caches, which may not have seen a write made a moment before; a Secret the cache
 * missed would otherwise be left behind for ever once the finalizer is gone.
 */
public final class SyncCleanup {

  /** Secrets per page when listing a deleted sync's Secrets (they hold data; keep pages small). */
  private static final long PAGE = 20;

  private final KubernetesClient client;
  private final SecretRemovals removals;
  private final ServiceAccountWriter accounts;
  private final AgentMetrics metrics;

  /**
   * @param client used only to read a deleted sync's Secrets and accounts ({@link #writtenBy},
   *     {@link #accountsNow}); {@link #remove} goes through {@code removals} and {@code accounts}
   */
  public SyncCleanup(
      KubernetesClient client,
      SecretRemovals removals,
      ServiceAccountWriter accounts,
      AgentMetrics metrics) {
    this.client = client;
    this.removals = removals;
    this.accounts = accounts;
    this.metrics = metrics;
  }

  /**
   * Every Secret labelled as {@code sync}'s, read from the API server page by page and kept as
   * {@link ManagedSecret#summary summaries}.
   */
  public List<Secret> writtenBy(String sync) {
    List<Secret> found = new ArrayList<>();
    String next = null;
    do {
      SecretList page =
          client
              .secrets()
              .inAnyNamespace()
              .withLabel(ManagedSecret.SYNC_LABEL, sync)
              .list(new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build());
      // Both labels, as the agent writes them: a Secret whose managed-by label someone removed
      // is no longer the agent's to delete (and the admission policy would refuse it for ever).
      page.getItems().stream()
          .filter(secret -> sync.equals(ManagedSecret.owner(secret)))
          .filter(ManagedSecret::isManaged)
          .map(ManagedSecret::summary)
          .forEach(found::add);
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    return found;
  }

  /**
   * Detaches each Secret from the accounts of its namespace, then deletes or releases it by {@code
   * policy}; returns the namespaces where that failed. {@code accountsOf} gives the accounts to
   * detach a Secret from: the pass's plan, or the API server when the sync is deleted.
   */
  public List<NamespaceOutcome> remove(
      String sync,
      List<Secret> secrets,
      DeletionPolicy policy,
      Function<Secret, List<ServiceAccount>> accountsOf) {
    List<NamespaceOutcome> failures = new ArrayList<>();
    List<Secret> detached = new ArrayList<>();
    for (Secret secret : secrets) {
      String namespace = secret.getMetadata().getNamespace();
      if (policy == DeletionPolicy.Retain) {
        detached.add(secret);
        continue;
      }
      try {
        for (ServiceAccount account : accountsOf.apply(secret)) {
          accounts.detach(account, secret.getMetadata().getName());
        }
        detached.add(secret);
      } catch (KubernetesClientException e) {
        failures.add(
            new NamespaceOutcome(
                namespace,
                NamespaceOutcome.Result.FAILED,
                Reason.SERVICE_ACCOUNT_UPDATE_FAILED.toString(),
                "detaching from a ServiceAccount failed with HTTP "
                    + e.getCode()
                    + "; the Secret is kept until that works"));
      }
    }
    String operation = policy == DeletionPolicy.Delete ? "delete" : "release";
    List<NamespaceOutcome> removed =
        policy == DeletionPolicy.Delete ? removals.delete(detached) : removals.release(detached);
    Set<String> failed = new HashSet<>();
    for (NamespaceOutcome outcome : removed) {
      failed.add(outcome.namespace());
      metrics.secretWrite(sync, operation, "failure");
    }
    for (Secret secret : detached) {
      if (!failed.contains(secret.getMetadata().getNamespace())) {
        metrics.secretWrite(sync, operation, "success");
      }
    }
    failures.addAll(removed);
    return failures;
  }

  /** The ServiceAccounts of {@code namespace} as the API server has them now. */
  public List<ServiceAccount> accountsNow(String namespace) {
    return client.serviceAccounts().inNamespace(namespace).list().getItems();
  }
}
