package io.pullwarden.agent.customresource;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** A status with Kubernetes-style conditions and the generation they describe. */
public interface HasConditions {

  Long getObservedGeneration();

  void setObservedGeneration(Long generation);

  List<Condition> getConditions();
}
