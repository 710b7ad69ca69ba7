package io.pullwarden.agent.customresource;

/** One namespace a sync could not bring up to date, and why (never a credential value). */
public class NamespaceProblem {

  private String namespace;
  private String reason;
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
