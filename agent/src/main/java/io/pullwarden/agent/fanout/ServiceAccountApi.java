package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The two calls {@link ServiceAccountWriter} makes to the API server, behind an interface so that
 * its retry on a 409 is unit-tested against a hand-written fake; the agent uses {@link
 * #of(KubernetesClient)}.
 */
interface ServiceAccountApi {

  /**
   * A plain update carrying the account's resourceVersion; throws a {@link
   * io.fabric8.kubernetes.client.KubernetesClientException} with code 409 when the account changed
   * since it was read.
   */
  void update(ServiceAccount account);

  /** The account as the API server has it now, or null when it is gone. */
  ServiceAccount get(String namespace, String name);

  static ServiceAccountApi of(KubernetesClient client) {
    return new ServiceAccountApi() {
      @Override
      public void update(ServiceAccount account) {
        client.resource(account).update();
      }

      @Override
      public ServiceAccount get(String namespace, String name) {
        return client.serviceAccounts().inNamespace(namespace).withName(name).get();
      }
    };
  }
}
