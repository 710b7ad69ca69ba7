package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * Which namespaces a {@link PullSecretSync} writes to: those matching {@code selector}, plus those
 * in {@code names}, minus those in {@code exclude}. With neither selector nor names, every
 * namespace. Without {@code exclude}, the three system namespaces are excluded; an empty list
 * excludes nothing.
 */
public class NamespaceSelection {

  /** Excluded when {@code exclude} is not given. */
  public static final List<String> SYSTEM_NAMESPACES =
      List.of("kube-system", "kube-public", "kube-node-lease");

  @JsonPropertyDescription("Label selector on namespaces; ORed with names.")
  private LabelSelector selector;

  @JsonPropertyDescription("Namespaces selected by name; ORed with selector.")
  private List<String> names;

  @JsonPropertyDescription(
      "Namespaces never written to, even when selected. Default: kube-system, kube-public,"
          + " kube-node-lease; [] excludes nothing.")
  private List<String> exclude;

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
