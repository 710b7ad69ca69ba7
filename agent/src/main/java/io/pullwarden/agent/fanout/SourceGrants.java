package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.Namespace;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.AllowedNamespaces;
import io.pullwarden.agent.customresource.CredentialSource;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which namespaces the CredentialSources of one sync let their credentials go to: a namespace may
 * receive a sync's Secret only when every source it merges allows it in {@code
 * spec.targetNamespaces}. A source without that field allows none. So whoever may create a
 * PullSecretSync cannot send a source's credentials to a namespace its owner did not agree to.
 * Pure, so the rules are unit-tested.
 */
public final class SourceGrants {

  /** Each source's allowance, by name; a null value allows nothing. */
  private final Map<String, AllowedNamespaces> allowances;

  private SourceGrants(Map<String, AllowedNamespaces> allowances) {
    this.allowances = allowances;
  }

  /** The grants of {@code sources}. */
  public static SourceGrants of(Iterable<CredentialSource> sources) {
    Map<String, AllowedNamespaces> allowances = new TreeMap<>();
    for (CredentialSource source : sources) {
      allowances.put(
          source.getMetadata().getName(),
          source.getSpec() == null ? null : source.getSpec().getTargetNamespaces());
    }
    return new SourceGrants(allowances);
  }

  /**
   * Why {@code namespace} may not receive the credentials, as a conflict outcome naming the first
   * source that refuses and what to do; empty when every source allows it.
   */
  public Optional<NamespaceOutcome> refusal(Namespace namespace) {
    String name = namespace.getMetadata().getName();
    for (Map.Entry<String, AllowedNamespaces> entry : allowances.entrySet()) {
      AllowedNamespaces allowed = entry.getValue();
      if (allowed == null) {
        return refused(
            name,
            "CredentialSource "
                + entry.getKey()
                + " has no spec.targetNamespaces, so it lets its credentials go to no namespace;"
                + " its owner lists the namespaces that may receive them (names, or a selector;"
                + " selector: {} allows all)");
      }
      boolean allows;
      try {
        allows = allows(allowed, namespace);
      } catch (IllegalArgumentException badSelector) {
        return refused(
            name,
            "CredentialSource "
                + entry.getKey()
                + ": spec.targetNamespaces.selector: "
                + badSelector.getMessage());
      }
      if (!allows) {
        return refused(
            name,
            "CredentialSource "
                + entry.getKey()
                + " does not allow namespace "
                + name
                + " in its spec.targetNamespaces; nothing was written there (ask the source's"
                + " owner to allow it, or leave it out of this sync's spec.namespaces)");
      }
    }
    return Optional.empty();
  }

  private static boolean allows(AllowedNamespaces allowed, Namespace namespace) {
    return (allowed.getNames() != null
            && allowed.getNames().contains(namespace.getMetadata().getName()))
        || (allowed.getSelector() != null
            && TargetNamespaces.matches(
                allowed.getSelector(), namespace.getMetadata().getLabels()));
  }

  private static Optional<NamespaceOutcome> refused(String namespace, String message) {
    return Optional.of(
        new NamespaceOutcome(
            namespace,
            NamespaceOutcome.Result.CONFLICT,
            Reason.NAMESPACE_NOT_ALLOWED.toString(),
            message));
  }
}
