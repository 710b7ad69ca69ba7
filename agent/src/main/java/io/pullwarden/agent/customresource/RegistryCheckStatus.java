package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The last check of one registry's credential with the registry ({@code status.registries[]}): what
 * the registry said and when, never the credential.
 */
@JsonClassDescription("The last check of one registry's credential with the registry.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegistryCheckStatus {

  @JsonPropertyDescription("The auths key checked.")
  private String server;

  @JsonPropertyDescription("The registry's verify setting: Enforce, Warn or Off.")
  private String verify;

  @JsonPropertyDescription(
      "Accepted, Rejected (the registry or its token service refused the credential), Unverified"
          + " (it could not be asked: DNS, connect, TLS, timeout, 5xx) or Off.")
  private String outcome;

  @JsonPropertyDescription("The HTTP status of a rejection (401 or 403).")
  private Integer httpStatus;

  @JsonPropertyDescription("What was asked and what it said; never a credential.")
  private String message;

  @JsonPropertyDescription("When the registry was last asked about this credential.")
  private String checkedAt;

  public RegistryCheckStatus() {}

  public RegistryCheckStatus(
      String server,
      String verify,
      String outcome,
      Integer httpStatus,
      String message,
      String checkedAt) {
    this.server = server;
    this.verify = verify;
    this.outcome = outcome;
    this.httpStatus = httpStatus;
    this.message = message;
    this.checkedAt = checkedAt;
  }

  public String getServer() {
    return server;
  }

  public void setServer(String server) {
    this.server = server;
  }

  public String getVerify() {
    return verify;
  }

  public void setVerify(String verify) {
    this.verify = verify;
  }

  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
    this.outcome = outcome;
  }

  public Integer getHttpStatus() {
    return httpStatus;
  }

  public void setHttpStatus(Integer httpStatus) {
    this.httpStatus = httpStatus;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getCheckedAt() {
    return checkedAt;
  }

  public void setCheckedAt(String checkedAt) {
    this.checkedAt = checkedAt;
  }
}
