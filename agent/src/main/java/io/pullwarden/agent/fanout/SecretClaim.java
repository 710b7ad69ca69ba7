package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.Secret;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.ConflictPolicy;
import io.pullwarden.agent.source.SecretAccess;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a sync may write over a Secret it found under its {@code secretName} in a namespace: the
 * rule that keeps the agent's writes in their lane. A sync writes only a Secret it created itself,
 * or, with {@code conflictPolicy: Adopt}, a {@code kubernetes.io/dockerconfigjson} Secret that no
 * Pullwarden sync manages. It never writes a Secret another sync manages (whatever either sync's
 * policy says, so two syncs cannot take a Secret from each other on every pass), and never changes
 * a Secret's type (a TLS or ServiceAccount-token Secret is never replaced by a pull Secret). Pure,
 * so every case is unit-tested; the API server's admission policies enforce the same lane.
 */
public final class SecretClaim {

  private SecretClaim() {}

  /**
   * Why {@code sync} must leave {@code found} alone, as a conflict outcome in {@code namespace}; or
   * empty when it may write over it.
   */
  public static Optional<NamespaceOutcome> refusal(
      String sync, ConflictPolicy policy, Secret found, String namespace) {
    String owner = ManagedSecret.owner(found);
    String type = found.getType();
    String name = found.getMetadata().getName();
    if (owner != null && !owner.equals(sync)) {
      return conflict(
          namespace,
          Reason.MANAGED_BY_OTHER_SYNC.toString(),
          "the Secret "
              + name
              + " is managed by PullSecretSync "
              + owner
              + "; it was left untouched (give one of the two syncs another secretName, or"
              + " narrow their namespaces so they do not overlap)");
    }
    if (owner != null && ManagedSecret.isManaged(found)) {
      return ManagedSecret.TYPE.equals(type)
          ? Optional.empty()
          : conflict(
              namespace,
              Reason.SECRET_TYPE_MISMATCH.toString(),
              "the Secret "
                  + name
                  + " carries this sync's labels but is of type "
                  + type
                  + ", which Pullwarden never writes; it was left untouched (delete it if it"
                  + " is not needed)");
    }
    if (policy != ConflictPolicy.Adopt) {
      return conflict(
          namespace,
          Reason.SECRET_CONFLICT.toString(),
          "a Secret named "
              + name
              + " that Pullwarden did not write exists; it was left untouched (set"
              + " conflictPolicy: Adopt to take over a kubernetes.io/dockerconfigjson Secret)");
    }
    Map<String, String> annotations = found.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(SecretAccess.ANNOTATION)) {
      return conflict(
          namespace,
          Reason.ADOPTION_REFUSED.toString(),
          "the Secret "
              + name
              + " is marked for CredentialSources to read ("
              + SecretAccess.ANNOTATION
              + "), so it is a source's login, not a pull Secret to take over; it was left"
              + " untouched (choose another secretName)");
    }
    if (!ManagedSecret.TYPE.equals(type)) {
      return conflict(
          namespace,
          Reason.ADOPTION_REFUSED.toString(),
          "the Secret "
              + name
              + " is of type "
              + type
              + "; Adopt takes over only "
              + ManagedSecret.TYPE
              + " Secrets and never changes a type, so it was left untouched (choose another"
              + " secretName)");
    }
    return Optional.empty();
  }

  private static Optional<NamespaceOutcome> conflict(
      String namespace, String reason, String message) {
    return Optional.of(
        new NamespaceOutcome(namespace, NamespaceOutcome.Result.CONFLICT, reason, message));
  }
}
