package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the agent observed about a {@link CredentialSource}: whether its plugin accepted it. */
@JsonClassDescription("Whether the plugin accepted the config and its last call reached the store.")
public class CredentialSourceStatus implements HasConditions {

  @JsonPropertyDescription(
      "The .metadata.generation this status describes; behind the resource's generation, the agent has not handled the latest spec yet.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready: the plugin accepted the config and its last call reached the store. Reconciling:"
          + " a failure the agent retries (kstatus: InProgress). Stalled: a failure only a person"
          + " fixes, such as an invalid config (kstatus: Failed). Reasons: docs/reasons.md.")
  private List<Condition> conditions = new ArrayList<>();

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
}
