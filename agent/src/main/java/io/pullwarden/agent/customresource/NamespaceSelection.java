package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * Which namespaces a {@link PullSecretSync} writes to: those matching {@code selector}, plus those
 * in {@code names}, minus those in {@code exclude}; names and exclude take shell-style patterns.
 * With neither selector nor names, every namespace. Without {@code exclude}, the three system
 * namespaces are excluded; an empty list excludes nothing.
 */
public class NamespaceSelection {

  /**
   * A namespace name (a DNS label) in which '*' and '?' may stand for characters
   * (fanout/NamespacePattern).
   */
  static final String NAME_OR_PATTERN = "^[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?$";

  /** A namespace name: a DNS label. */
  static final String NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** The most entries of names or exclude. */
  public static final int MAX_ENTRIES = 256;

  /**
   * The most patterns in names or exclude: every pattern is tried on every namespace of every pass
   * and namespace event, so their number is what a sync's author could make expensive.
   */
  public static final int MAX_PATTERNS = 16;

  private static final String PATTERN_RULE =
      "self.filter(n, n.contains('*') || n.contains('?')).size() <= " + MAX_PATTERNS;

  private static final String PATTERN_MESSAGE =
      "at most " + MAX_PATTERNS + " entries may be patterns (with '*' or '?'); list more by name";

  /** Excluded when {@code exclude} is not given. */
  public static final List<String> SYSTEM_NAMESPACES =
      List.of("kube-system", "kube-public", "kube-node-lease");

  @JsonPropertyDescription("Label selector on namespaces; ORed with names.")
  private LabelSelector selector;

  @JsonPropertyDescription(
      "Namespaces selected by name or by a pattern where '*' stands for any characters and '?'"
          + " for one, such as team-* or *-prod; ORed with selector.")
  @Size(max = MAX_ENTRIES)
  @ValidationRule(value = PATTERN_RULE, message = PATTERN_MESSAGE)
  private List<@Size(max = 63) @Pattern(NAME_OR_PATTERN) String> names;

  @JsonPropertyDescription(
      "Namespaces never written to, even when selected, by name or pattern (team-*, *-prod)."
          + " Default: kube-system, kube-public, kube-node-lease; [] excludes nothing.")
  @Size(max = MAX_ENTRIES)
  @ValidationRule(value = PATTERN_RULE, message = PATTERN_MESSAGE)
  private List<@Size(max = 63) @Pattern(NAME_OR_PATTERN) String> exclude;

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }

  public List<String> getNames() {
    return names;
  }

  public void setNames(List<String> names) {
    this.names = names;
  }

  public List<String> getExclude() {
    return exclude;
  }

  public void setExclude(List<String> exclude) {
    this.exclude = exclude;
  }
}
