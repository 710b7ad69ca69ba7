package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One namespace a sync could not bring up to date, and why (never a credential value). */
@JsonClassDescription("A namespace the Secret could not be written to, and why.")
public class NamespaceProblem {

  @JsonPropertyDescription("The namespace.")
  private String namespace;

  @JsonPropertyDescription("Why, as a reason listed in docs/reasons.md.")
  private String reason;

  @JsonPropertyDescription("What failed and what to do; never a credential.")
  private String message;

  public NamespaceProblem() {}

  public NamespaceProblem(String namespace, String reason, String message) {
    this.namespace = namespace;
    this.reason = reason;
    this.message = message;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
