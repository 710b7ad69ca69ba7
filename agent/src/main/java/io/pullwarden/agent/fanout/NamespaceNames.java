package io.pullwarden.agent.fanout;

import io.pullwarden.agent.customresource.NamespaceSelection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A list of namespace names and patterns ({@link NamespacePattern}), split once so that the
 * question asked on every namespace event stays cheap: exact names are one hash lookup, and only
 * the patterns are walked.
 */
public final class NamespaceNames {

  private static final NamespaceNames NONE = new NamespaceNames(Set.of(), List.of());

  private final Set<String> exact;
  private final List<NamespacePattern> patterns;

  private NamespaceNames(Set<String> exact, List<NamespacePattern> patterns) {
    this.exact = exact;
    this.patterns = patterns;
  }

  /**
   * The names and patterns in {@code entries}; null is none.
   *
   * @throws IllegalArgumentException naming the first entry that is neither a name nor a pattern,
   *     or when more entries are patterns than {@link NamespaceSelection#MAX_PATTERNS}: each
   *     pattern is tried on every namespace, and an older CRD may have let a longer list in
   */
  public static NamespaceNames of(List<String> entries) {
    if (entries == null || entries.isEmpty()) {
      return NONE;
    }
    Set<String> exact = new HashSet<>();
    List<NamespacePattern> patterns = new ArrayList<>();
    for (String entry : entries) {
      if (entry != null && NamespacePattern.isPattern(entry)) {
        patterns.add(NamespacePattern.of(entry));
      } else {
        NamespacePattern.of(entry);
        exact.add(entry);
      }
    }
    if (patterns.size() > NamespaceSelection.MAX_PATTERNS) {
      throw new IllegalArgumentException(
          patterns.size() + " patterns; at most " + NamespaceSelection.MAX_PATTERNS);
    }
    return new NamespaceNames(Set.copyOf(exact), List.copyOf(patterns));
  }

  /** True when {@code name} is one of the names or matches one of the patterns. */
  public boolean contains(String name) {
    if (exact.contains(name)) {
      return true;
    }
    for (NamespacePattern pattern : patterns) {
      if (pattern.matches(name)) {
        return true;
      }
    }
    return false;
  }
}
