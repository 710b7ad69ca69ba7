package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pullwarden.agent.fanout.ServiceAccountWriter;

/**
 * How {@link SyncEffects} attaches the Secret to a ServiceAccount and detaches it: {@link
 * ServiceAccountWriter} in the agent, a recording fake in unit tests. Either call throws {@link
 * KubernetesClientException} when the API server refuses the write.
 */
interface ServiceAccountChanges {

  void attach(ServiceAccount account, String secretName);

  void detach(ServiceAccount account, String secretName);

  static ServiceAccountChanges of(ServiceAccountWriter writer) {
    return new ServiceAccountChanges() {
      @Override
      public void attach(ServiceAccount account, String secretName) {
        writer.attach(account, secretName);
      }

      @Override
      public void detach(ServiceAccount account, String secretName) {
        writer.detach(account, secretName);
      }
    };
  }
}
