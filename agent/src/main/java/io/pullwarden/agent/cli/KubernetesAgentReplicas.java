package io.pullwarden.agent.cli;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;

/**
 * {@link AgentReplicas} from the API server, with fabric8's usual configuration: the pod's
 * ServiceAccount in a cluster (the chart's {@code helm test} pod), else the kubeconfig.
 */
final class KubernetesAgentReplicas implements AgentReplicas {

  @Override
  public List<Replica> list(String namespace, String selector) {
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      return client
          .pods()
          .inNamespace(namespace)
          .list(new ListOptionsBuilder().withLabelSelector(selector).build())
          .getItems()
          .stream()
          .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
          .map(
              pod ->
                  new Replica(
                      pod.getMetadata().getName(),
                      pod.getStatus() == null ? null : pod.getStatus().getPodIP()))
          .toList();
    }
  }
}
