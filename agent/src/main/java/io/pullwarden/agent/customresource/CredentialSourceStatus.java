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

  @JsonPropertyDescription("The plugin serving this source, as id@version.")
  private String plugin;

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

  public String getPlugin() {
    return plugin;
  }

  public void setPlugin(String plugin) {
    this.plugin = plugin;
  }
}
