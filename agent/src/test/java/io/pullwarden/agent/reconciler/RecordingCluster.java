package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.DeletionPolicy;
import io.pullwarden.agent.fanout.NamespaceOutcome;
import io.pullwarden.agent.fanout.NamespaceOutcome.Result;
import io.pullwarden.agent.fanout.SecretFanOut;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The fan-out, the ServiceAccount writer and the clean-up as {@link SyncEffectsTest} sees them:
 * each call is logged in the order it came, so a test can check what was written, attached and
 * removed, and in which order. A write answers CREATED (nothing cached) or UPDATED unless told
 * otherwise; the per-namespace step runs one namespace after the other.
 */
final class RecordingCluster implements SecretWrites, ServiceAccountChanges, LeftoverRemoval {

  final List<String> log = new ArrayList<>();
  SecretFanOut.Plan plan;
  private final Map<String, NamespaceOutcome> answers = new HashMap<>();
  private final Map<String, Integer> refusedAccounts = new HashMap<>();
  private List<NamespaceOutcome> removalFailures = List.of();

  /** The write into {@code outcome.namespace()} ends as {@code outcome}. */
  void answer(NamespaceOutcome outcome) {
    answers.put(outcome.namespace(), outcome);
  }

  /** Writing account {@code namespaceAndName} throws with HTTP {@code code}. */
  void refuse(String namespaceAndName, int code) {
    refusedAccounts.put(namespaceAndName, code);
  }

  /** The clean-up reports these namespaces as not removed. */
  void removalFails(NamespaceOutcome... failures) {
    removalFailures = List.of(failures);
  }

  /** The attach and detach calls, in order. */
  List<String> accountCalls() {
    return log.stream().filter(c -> c.startsWith("attach ") || c.startsWith("detach ")).toList();
  }

  @Override
  public List<NamespaceOutcome> write(
      SecretFanOut.Plan plan, Collection<String> namespaces, Function<String, Secret> cached) {
    this.plan = plan;
    List<NamespaceOutcome> outcomes = new ArrayList<>();
    for (String namespace : namespaces) {
      Secret found = cached.apply(namespace);
      log.add(
          "write "
              + namespace
              + (found == null
                  ? " (no cached Secret)"
                  : " (cached " + found.getMetadata().getResourceVersion() + ")"));
      outcomes.add(
          answers.getOrDefault(
              namespace,
              NamespaceOutcome.of(namespace, found == null ? Result.CREATED : Result.UPDATED)));
    }
    return outcomes;
  }

  @Override
  public List<NamespaceOutcome> runPerNamespace(
      List<NamespaceOutcome> outcomes,
      Predicate<NamespaceOutcome> needsWork,
      UnaryOperator<NamespaceOutcome> work) {
    return outcomes.stream().map(o -> needsWork.test(o) ? work.apply(o) : o).toList();
  }

  @Override
  public void attach(ServiceAccount account, String secretName) {
    change("attach", account, secretName);
  }

  @Override
  public void detach(ServiceAccount account, String secretName) {
    change("detach", account, secretName);
  }

  private void change(String verb, ServiceAccount account, String secretName) {
    String key = name(account.getMetadata().getNamespace(), account.getMetadata().getName());
    log.add(verb + " " + key + " " + secretName);
    Integer code = refusedAccounts.get(key);
    if (code != null) {
      throw new KubernetesClientException("refused", code, null);
    }
  }

  @Override
  public List<NamespaceOutcome> remove(
      String sync,
      List<Secret> secrets,
      DeletionPolicy policy,
      Function<Secret, List<ServiceAccount>> accountsOf) {
    log.add(
        "remove "
            + sync
            + " "
            + policy
            + ": "
            + secrets.stream()
                .map(
                    secret ->
                        name(secret.getMetadata().getNamespace(), secret.getMetadata().getName())
                            + " from "
                            + accountsOf.apply(secret).stream()
                                .map(
                                    a ->
                                        name(
                                            a.getMetadata().getNamespace(),
                                            a.getMetadata().getName()))
                                .toList())
                .collect(Collectors.joining(", ")));
    return removalFailures;
  }

  private static String name(String namespace, String name) {
    return namespace + "/" + name;
  }
}
