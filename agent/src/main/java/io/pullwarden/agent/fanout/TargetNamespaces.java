package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.pullwarden.agent.customresource.NamespaceSelection;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a namespace is a target of a PullSecretSync: selected by label or by name (or a
 * name pattern such as {@code team-*}), not excluded, and not being deleted. Pure, so the
 * reconciler and the namespace watch agree.
 */
public final class TargetNamespaces {

  private final LabelSelector selector;
  private final NamespaceNames names;
  private final NamespaceNames exclude;

  private TargetNamespaces(LabelSelector selector, NamespaceNames names, NamespaceNames exclude) {
    this.selector = selector;
    this.names = names;
    this.exclude = exclude;
  }

  /**
   * The rule a sync's {@code spec.namespaces} describes; {@code null} selects everything.
   *
   * @throws IllegalArgumentException when an entry of names or exclude is neither a namespace name
   *     nor a pattern (SyncSettings reports each by its field before a pass gets here)
   */
  public static TargetNamespaces of(NamespaceSelection selection) {
    NamespaceSelection given = selection == null ? new NamespaceSelection() : selection;
    List<String> exclude =
        given.getExclude() == null ? NamespaceSelection.SYSTEM_NAMESPACES : given.getExclude();
    boolean everything =
        given.getSelector() == null && (given.getNames() == null || given.getNames().isEmpty());
    LabelSelector selector = everything ? new LabelSelector() : given.getSelector();
    return new TargetNamespaces(
        selector, NamespaceNames.of(given.getNames()), NamespaceNames.of(exclude));
  }

  /** True when {@code namespace} should hold the sync's Secret now. */
  public boolean includes(Namespace namespace) {
    String name = namespace.getMetadata().getName();
    if (exclude.contains(name) || namespace.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    if (names.contains(name)) {
      return true;
    }
    return selector != null && matches(selector, namespace.getMetadata().getLabels());
  }

  /** Kubernetes label-selector semantics: every matchLabels pair and every expression hold. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> actual = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (var required : selector.getMatchLabels().entrySet()) {
        if (!required.getValue().equals(actual.get(required.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement expression : selector.getMatchExpressions()) {
        if (!matches(expression, actual)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement expression, Map<String, String> labels) {
    String value = labels.get(expression.getKey());
    List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
    return switch (expression.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> labels.containsKey(expression.getKey());
      case "DoesNotExist" -> !labels.containsKey(expression.getKey());
      default ->
          throw new IllegalArgumentException(
              "unknown label selector operator '"
                  + expression.getOperator()
                  + "'; use In, NotIn, Exists or DoesNotExist");
    };
  }
}
