package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent observed and did for a {@link PullSecretSync}: conditions, counts and hashes.
 * Never a credential value.
 */
@JsonClassDescription(
    "What the agent observed and did on its last pass: conditions, the namespaces written and those that failed, the credential's hash and expiry. Never a credential value.")
public class PullSecretSyncStatus implements HasConditions {

  @JsonPropertyDescription(
      "The .metadata.generation this status describes; behind the resource's generation, the agent has not handled the latest spec yet.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready: the Secret is current in every selected namespace. Reconciling: the agent is"
          + " writing a changed credential or retrying a failure time fixes (kstatus: InProgress)."
          + " Stalled: a failure only a person fixes (kstatus: Failed). Degraded: something"
          + " failed; existing Secrets were left as they were. Reasons: docs/reasons.md.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("sha256 of the written .dockerconfigjson, to compare across namespaces.")
  private String credentialHash;

  @JsonPropertyDescription("When every selected namespace was last confirmed current.")
  private String lastSyncTime;

  @JsonPropertyDescription("The earliest lease or token expiry among the registries, if any.")
  private String expiresAt;

  @JsonPropertyDescription("How many namespaces are selected, synced, failed or in conflict.")
  private NamespaceCounts namespaces = new NamespaceCounts();

  @JsonPropertyDescription("Namespaces that could not be written, with the reason (at most 20).")
  private List<NamespaceProblem> problems = new ArrayList<>();

  @JsonPropertyDescription(
      "Per registry, the last check of its credential with the registry (spec.registries[].verify).")
  private List<RegistryCheckStatus> registries = new ArrayList<>();

  public List<RegistryCheckStatus> getRegistries() {
    return registries;
  }

  public void setRegistries(List<RegistryCheckStatus> registries) {
    this.registries = registries;
  }

  @Override
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  @Override
  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  @Override
  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getCredentialHash() {
    return credentialHash;
  }

  public void setCredentialHash(String credentialHash) {
    this.credentialHash = credentialHash;
  }

  public String getLastSyncTime() {
    return lastSyncTime;
  }

  public void setLastSyncTime(String lastSyncTime) {
    this.lastSyncTime = lastSyncTime;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public NamespaceCounts getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(NamespaceCounts namespaces) {
    this.namespaces = namespaces;
  }

  public List<NamespaceProblem> getProblems() {
    return problems;
  }

  public void setProblems(List<NamespaceProblem> problems) {
    this.problems = problems;
  }
}
