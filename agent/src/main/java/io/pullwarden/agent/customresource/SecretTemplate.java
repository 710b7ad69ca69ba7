package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What a {@link PullSecretSync} adds to every Secret it writes, besides the credential: for now
 * labels and annotations, as External Secrets Operator's {@code target.template.metadata} does (for
 * GitOps tools that must ignore the Secrets, backup tools, policy engines).
 */
public class SecretTemplate {

  @JsonPropertyDescription(
      "Labels and annotations added to every Secret this sync writes. Pullwarden's own keys"
          + " (app.kubernetes.io/managed-by and anything under pullwarden.io/) cannot be set.")
  private SecretTemplateMetadata metadata;

  public SecretTemplateMetadata getMetadata() {
    return metadata;
  }

  public void setMetadata(SecretTemplateMetadata metadata) {
    this.metadata = metadata;
  }
}
