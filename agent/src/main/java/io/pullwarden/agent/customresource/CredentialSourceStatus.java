package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the agent observed about a {@link CredentialSource}: whether its plugin accepted it. */
public class CredentialSourceStatus implements HasConditions {

  private Long observedGeneration;

  @JsonPropertyDescription("Ready is True when the plugin accepted the config and logged in.")
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
