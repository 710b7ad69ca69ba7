package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.DeletionPolicy;
import io.pullwarden.agent.fanout.NamespaceOutcome;
import io.pullwarden.agent.fanout.SyncCleanup;
import java.util.List;
import java.util.function.Function;

/**
 * How {@link SyncEffects} removes a plan's leftovers: {@link SyncCleanup#remove} in the agent
 * (detach before delete), a recording fake in unit tests.
 */
@FunctionalInterface
interface LeftoverRemoval {

  /** Removes {@code secrets} by {@code policy}; returns the namespaces where that failed. */
  List<NamespaceOutcome> remove(
      String sync,
      List<Secret> secrets,
      DeletionPolicy policy,
      Function<Secret, List<ServiceAccount>> accountsOf);
}
