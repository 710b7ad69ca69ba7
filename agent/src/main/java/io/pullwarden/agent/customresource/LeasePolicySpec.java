package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * How the agent treats expiring credentials of one CredentialSource: Vault leases are renewed at
 * {@code renewAtPercent} of their TTL (give or take {@code jitterPercent}), tokens without a lease
 * (ECR) are fetched anew at the same point of their lifetime, and a lease replaced by a new
 * credential is revoked after {@code revokeGracePeriod}. All fields are optional.
 */
public class LeasePolicySpec {

  @Min(10)
  @Max(90)
  @JsonPropertyDescription(
      "When to renew or re-fetch, as a percentage of the lifetime. Default 67.")
  private Integer renewAtPercent;

  @Min(0)
  @Max(50)
  @JsonPropertyDescription("Random spread around renewAtPercent, in percent of it. Default 10.")
  private Integer jitterPercent;

  @JsonPropertyDescription(
      "Revoke a lease once its credential was replaced everywhere. Default true.")
  private Boolean revokeSuperseded;

  @Pattern("^([0-9]+(ms|s|m|h|d))+$")
  @JsonPropertyDescription(
      "How long a replaced lease stays valid before it is revoked, so pulls in flight finish."
          + " Default 2m.")
  private String revokeGracePeriod;

  public Integer getRenewAtPercent() {
    return renewAtPercent;
  }

  public void setRenewAtPercent(Integer renewAtPercent) {
    this.renewAtPercent = renewAtPercent;
  }

  public Integer getJitterPercent() {
    return jitterPercent;
  }

  public void setJitterPercent(Integer jitterPercent) {
    this.jitterPercent = jitterPercent;
  }

  public Boolean getRevokeSuperseded() {
    return revokeSuperseded;
  }

  public void setRevokeSuperseded(Boolean revokeSuperseded) {
    this.revokeSuperseded = revokeSuperseded;
  }

  public String getRevokeGracePeriod() {
    return revokeGracePeriod;
  }

  public void setRevokeGracePeriod(String revokeGracePeriod) {
    this.revokeGracePeriod = revokeGracePeriod;
  }
}
