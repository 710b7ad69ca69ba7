package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.DeletionPolicy;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import io.pullwarden.agent.fanout.ManagedSecret;
import io.pullwarden.agent.fanout.NamespaceOutcome;
import io.pullwarden.agent.fanout.PullSecretAttachment;
import io.pullwarden.agent.fanout.SecretClaim;
import io.pullwarden.agent.fanout.SourceGrants;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one pass of a PullSecretSync will do, decided from the watch caches before anything is
 * written: per selected namespace whether the Secret is left alone, written or refused, and which
 * ServiceAccounts gain or lose it; then the Secrets of this sync that must go. It is a plain value
 * computed without a Kubernetes client, so every decision is unit-tested table by table, and the
 * effects ({@link SyncEffects}) only carry it out. A write can still meet a Secret the cache had
 * not seen; the claim check at write time stays as the safety net for that.
 *
 * @param namespaces one entry per selected namespace: those the sources allow, in selection order,
 *     then those a source refuses
 * @param leftovers this sync's Secrets outside the allowed namespaces or under an old secretName,
 *     each with the accounts to detach it from before it is removed
 */
record SyncPlan(List<NamespacePlan> namespaces, List<Leftover> leftovers) {

  /** How many namespaces the plan writes the Secret to (creates and updates). */
  int writes() {
    return (int) namespaces.stream().filter(n -> n.secret() instanceof Write).count();
  }

  /** What becomes of the Secret in one namespace. */
  sealed interface SecretStep permits Unchanged, Write, Refused {}

  /** The cached Secret already is the wanted one: no write. */
  record Unchanged() implements SecretStep {}

  /**
   * Create the Secret ({@code cached} null), or update this sync's cached Secret, conditional on
   * its resourceVersion.
   */
  record Write(Secret cached) implements SecretStep {}

  /**
   * The namespace may not hold this Secret (a source's grant, or a Secret this sync may not own).
   */
  record Refused(NamespaceOutcome outcome) implements SecretStep {}

  /**
   * One namespace's decisions. The account changes are carried out only once the namespace holds
   * the Secret; {@code rivals} are the other syncs that want a Secret of the same name here.
   */
  record NamespacePlan(
      String namespace,
      SecretStep secret,
      List<ServiceAccount> attach,
      List<ServiceAccount> detach,
      List<String> rivals) {

    boolean changesAccounts() {
      return !attach.isEmpty() || !detach.isEmpty();
    }

    /**
     * {@code applied} marked as contested when rivals want the same Secret name here and this sync
     * holds it: the rival reports that it left the Secret alone, this one reports the overlap, so
     * the conflict shows on both and neither flaps.
     */
    NamespaceOutcome contest(NamespaceOutcome applied, String secretName) {
      if (rivals.isEmpty() || !applied.isSynced()) {
        return applied;
      }
      return applied.contested(
          Reason.SECRET_NAME_SHARED.toString(),
          "PullSecretSync "
              + String.join(", ", rivals)
              + " also wants a Secret named "
              + secretName
              + " here; this sync manages it and the other leaves it alone (give one"
              + " of them another secretName)");
    }
  }

  /** A Secret of this sync to remove, and the accounts Pullwarden attached it to there. */
  record Leftover(Secret secret, List<ServiceAccount> detachFrom) {}

  /**
   * Plans a pass.
   *
   * @param selected the namespaces the sync selects, in the order to report them
   * @param managed every cached Secret (summary) of this sync, in any namespace and under any name
   * @param accounts the cached ServiceAccounts by namespace (a missing namespace has none)
   * @param rivals for each namespace another sync of the same secretName wants, those syncs
   */
  static SyncPlan of(
      SyncSettings settings,
      List<Namespace> selected,
      SourceGrants grants,
      DockerConfig config,
      List<Secret> managed,
      Map<String, List<ServiceAccount>> accounts,
      Map<String, List<String>> rivals) {
    String secretName = settings.spec().getSecretName();
    Map<String, Secret> current = new HashMap<>();
    for (Secret secret : managed) {
      if (secretName.equals(secret.getMetadata().getName())
          && settings.name().equals(ManagedSecret.owner(secret))) {
        current.put(secret.getMetadata().getNamespace(), secret);
      }
    }
    List<NamespacePlan> allowed = new ArrayList<>();
    List<NamespacePlan> refused = new ArrayList<>();
    Set<String> allowedNames = new HashSet<>();
    for (Namespace namespace : selected) {
      String name = namespace.getMetadata().getName();
      Optional<NamespaceOutcome> refusal = grants.refusal(namespace);
      if (refusal.isPresent()) {
        refused.add(
            new NamespacePlan(name, new Refused(refusal.get()), List.of(), List.of(), List.of()));
        continue;
      }
      allowedNames.add(name);
      SecretStep step = secretStep(settings, config, name, current.get(name));
      List<ServiceAccount> inNamespace = accounts.getOrDefault(name, List.of());
      boolean holds = !(step instanceof Refused);
      allowed.add(
          new NamespacePlan(
              name,
              step,
              holds ? toAttach(settings, inNamespace, secretName) : List.of(),
              holds ? toDetach(settings, inNamespace, secretName) : List.of(),
              List.copyOf(rivals.getOrDefault(name, List.of()))));
    }
    allowed.addAll(refused);
    return new SyncPlan(List.copyOf(allowed), leftovers(settings, managed, allowedNames, accounts));
  }

  private static SecretStep secretStep(
      SyncSettings settings, DockerConfig config, String namespace, Secret cached) {
    if (ManagedSecret.isCurrent(cached, settings.name(), config)) {
      return new Unchanged();
    }
    if (cached != null) {
      Optional<NamespaceOutcome> refusal =
          SecretClaim.refusal(
              settings.name(), settings.spec().getConflictPolicy(), cached, namespace);
      if (refusal.isPresent()) {
        return new Refused(refusal.get());
      }
    }
    return new Write(cached);
  }

  /** The listed accounts that lack the entry. */
  private static List<ServiceAccount> toAttach(
      SyncSettings settings, List<ServiceAccount> accounts, String secretName) {
    return accounts.stream()
        .filter(account -> settings.attachesTo(account.getMetadata().getName()))
        .filter(account -> !PullSecretAttachment.isAttached(account, secretName))
        .toList();
  }

  /** The accounts no longer listed that still carry the entry Pullwarden added. */
  private static List<ServiceAccount> toDetach(
      SyncSettings settings, List<ServiceAccount> accounts, String secretName) {
    return accounts.stream()
        .filter(account -> !settings.attachesTo(account.getMetadata().getName()))
        .filter(account -> PullSecretAttachment.isAttachedByPullwarden(account, secretName))
        .toList();
  }

  private static List<Leftover> leftovers(
      SyncSettings settings,
      List<Secret> managed,
      Set<String> allowed,
      Map<String, List<ServiceAccount>> accounts) {
    String secretName = settings.spec().getSecretName();
    List<Leftover> leftovers = new ArrayList<>();
    for (Secret secret : managed) {
      String namespace = secret.getMetadata().getNamespace();
      String name = secret.getMetadata().getName();
      if (allowed.contains(namespace) && secretName.equals(name)) {
        continue;
      }
      // Retain releases the Secret and leaves its attachments as they are (SyncCleanup).
      leftovers.add(
          new Leftover(
              secret,
              settings.spec().getDeletionPolicy() == DeletionPolicy.Retain
                  ? List.of()
                  : accounts.getOrDefault(namespace, List.of()).stream()
                      .filter(account -> PullSecretAttachment.isAttachedByPullwarden(account, name))
                      .toList()));
    }
    return List.copyOf(leftovers);
  }
}
