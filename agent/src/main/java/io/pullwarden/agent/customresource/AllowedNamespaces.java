package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * Which namespaces may receive the credentials of a {@link CredentialSource}: those in {@code
 * names}, plus those matching {@code selector}. The source's owner decides this, not the authors of
 * the PullSecretSyncs that use it, as External Secrets Operator's ClusterSecretStore conditions do.
 * An empty selector ({@code selector: {}}) matches every namespace.
 */
public class AllowedNamespaces {

  @JsonPropertyDescription(
      "Namespaces allowed by exact name (no patterns: a source's owner names each namespace, or"
          + " uses selector); ORed with selector.")
  @Size(max = 1000)
  private List<@Size(max = 63) @Pattern(NamespaceSelection.NAME) String> names;

  @JsonPropertyDescription(
      "Label selector on namespaces; ORed with names. {} allows every namespace.")
  private LabelSelector selector;

  public List<String> getNames() {
    return names;
  }

  public void setNames(List<String> names) {
    this.names = names;
  }

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }
}
