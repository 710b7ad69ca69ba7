package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventSeries;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/**
 * The two calls {@link EventRecorder} makes on the events.k8s.io/v1 API: create an Event, and patch
 * the series of one it created. Behind this interface so the aggregation can be unit-tested with a
 * fake; failures are {@link KubernetesClientException}s carrying the HTTP status.
 */
interface EventApi {

  /** Creates {@code event}; returns the name the API server gave it. */
  String create(Event event);

  /** Sets the series of the Event {@code namespace/name} (404 when it has expired). */
  void patchSeries(String namespace, String name, EventSeries series);

  static EventApi of(KubernetesClient client) {
    return new EventApi() {
      @Override
      public String create(Event event) {
        return client
            .events()
            .v1()
            .events()
            .inNamespace(event.getMetadata().getNamespace())
            .resource(event)
            .create()
            .getMetadata()
            .getName();
      }

      @Override
      public void patchSeries(String namespace, String name, EventSeries series) {
        // A JSON merge patch of the series alone: no resourceVersion, so never a 409, and every
        // other field of an events.k8s.io/v1 Event is immutable anyway. Sent with an object that
        // names the Event, so the client does not read it first (the agent may not).
        Event named = new Event();
        named.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        client
            .events()
            .v1()
            .events()
            .resource(named)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                Serialization.asJson(Map.of("series", series)));
      }
    };
  }
}
