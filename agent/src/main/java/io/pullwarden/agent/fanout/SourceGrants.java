package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.Namespace;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.AllowedNamespaces;
import io.pullwarden.agent.customresource.CredentialSource;
import java.util.HashMap;
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

  /**
   * Each source's names and patterns, read once rather than on every namespace; a source whose
   * entries are not all names or patterns is absent here and in {@link #problems}.
   */
  private final Map<String, NamespaceNames> names;

  private final Map<String, String> problems;

  private SourceGrants(
      Map<String, AllowedNamespaces> allowances,
      Map<String, NamespaceNames> names,
      Map<String, String> problems) {
    this.allowances = allowances;
    this.names = names;
    this.problems = problems;
  }

  /** The grants of {@code sources}. */
  public static SourceGrants of(Iterable<CredentialSource> sources) {
    Map<String, AllowedNamespaces> allowances = new TreeMap<>();
    Map<String, NamespaceNames> names = new HashMap<>();
    Map<String, String> problems = new HashMap<>();
    for (CredentialSource source : sources) {
      String name = source.getMetadata().getName();
      AllowedNamespaces allowed =
          source.getSpec() == null ? null : source.getSpec().getTargetNamespaces();
      allowances.put(name, allowed);
      try {
        names.put(name, NamespaceNames.of(allowed == null ? null : allowed.getNames()));
      } catch (IllegalArgumentException badEntry) {
        problems.put(name, "names: " + badEntry.getMessage());
      }
    }
    return new SourceGrants(allowances, names, problems);
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
      String problem = problems.get(entry.getKey());
      boolean allows = false;
      try {
        allows = problem == null && allows(allowed, names.get(entry.getKey()), namespace);
      } catch (IllegalArgumentException badSelector) {
        problem = "selector: " + badSelector.getMessage();
      }
      if (problem != null) {
        return refused(
            name,
            "CredentialSource "
                + entry.getKey()
                + ": spec.targetNamespaces."
                + problem
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

  private static boolean allows(
      AllowedNamespaces allowed, NamespaceNames names, Namespace namespace) {
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
