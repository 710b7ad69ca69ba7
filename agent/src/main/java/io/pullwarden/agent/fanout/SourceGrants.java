package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.Namespace;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.AllowedNamespaces;
import io.pullwarden.agent.customresource.CredentialSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which namespaces the CredentialSources of one sync let their credentials go to: a namespace may
 * receive a sync's Secret only when every source it merges allows it in {@code
 * spec.targetNamespaces}. A source without that field allows none. So whoever may create a
 * PullSecretSync cannot send a source's credentials to a namespace its owner did not agree to.
 * Pure, so the rules are unit-tested.
 *
 * <p>A source's {@code names} are exact names, never patterns: a stored entry such as {@code *},
 * which matched no namespace before syncs learnt patterns, must not start allowing every namespace
 * after an upgrade without its owner doing anything (ADR 0020).
 */
public final class SourceGrants {

  /** Each source's allowance, by name; a null value allows nothing. */
  private final Map<String, AllowedNamespaces> allowances;

  /** Each source's allowed names, as a set read once rather than on every namespace. */
  private final Map<String, Set<String>> names;

  private SourceGrants(Map<String, AllowedNamespaces> allowances, Map<String, Set<String>> names) {
    this.allowances = allowances;
    this.names = names;
  }

  /** The grants of {@code sources}. */
  public static SourceGrants of(Iterable<CredentialSource> sources) {
    Map<String, AllowedNamespaces> allowances = new TreeMap<>();
    Map<String, Set<String>> names = new HashMap<>();
    for (CredentialSource source : sources) {
      String name = source.getMetadata().getName();
      AllowedNamespaces allowed =
          source.getSpec() == null ? null : source.getSpec().getTargetNamespaces();
      allowances.put(name, allowed);
      names.put(
          name,
          allowed == null || allowed.getNames() == null
              ? Set.of()
              : allowed.getNames().stream().filter(Objects::nonNull).collect(Collectors.toSet()));
    }
    return new SourceGrants(allowances, names);
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
        allows = allows(allowed, names.get(entry.getKey()), namespace);
      } catch (IllegalArgumentException badSelector) {
        return refused(
            name,
            "CredentialSource "
                + entry.getKey()
                + ": spec.targetNamespaces.selector: "
                + badSelector.getMessage()
                + "; nothing was written there until its owner corrects it");
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

  private static boolean allows(AllowedNamespaces allowed, Set<String> names, Namespace namespace) {
    return names.contains(namespace.getMetadata().getName())
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
