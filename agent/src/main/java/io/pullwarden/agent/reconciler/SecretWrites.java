package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.pullwarden.agent.fanout.NamespaceOutcome;
import io.pullwarden.agent.fanout.SecretFanOut;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What {@link SyncEffects} needs from the Secret fan-out: write the planned Secrets, then run the
 * account step per namespace within the same bound. An interface so that the effects are
 * unit-tested with a recording fake; the agent uses {@link #of(SecretFanOut)}.
 */
interface SecretWrites {

  /** See {@link SecretFanOut#write}: one outcome per namespace, in the order given. */
  List<NamespaceOutcome> write(
      SecretFanOut.Plan plan, Collection<String> namespaces, Function<String, Secret> cached);

  /** See {@link SecretFanOut#runPerNamespace}: the outcomes in the order given. */
  List<NamespaceOutcome> runPerNamespace(
      List<NamespaceOutcome> outcomes,
      Predicate<NamespaceOutcome> needsWork,
      UnaryOperator<NamespaceOutcome> work);

  static SecretWrites of(SecretFanOut fanOut) {
    return new SecretWrites() {
      @Override
      public List<NamespaceOutcome> write(
          SecretFanOut.Plan plan, Collection<String> namespaces, Function<String, Secret> cached) {
        return fanOut.write(plan, namespaces, cached);
      }

      @Override
      public List<NamespaceOutcome> runPerNamespace(
          List<NamespaceOutcome> outcomes,
          Predicate<NamespaceOutcome> needsWork,
          UnaryOperator<NamespaceOutcome> work) {
        return fanOut.runPerNamespace(outcomes, needsWork, work);
      }
    };
  }
}
