package io.pullwarden.agent.diagnose;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pullwarden.agent.customresource.PullSecretSync;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@link ClusterView} from the API server, as the kubeconfig's user. What that user may not read
 * (other namespaces' Secrets, PullSecretSyncs on a cluster without the CRDs) is reported as absent,
 * so a diagnosis runs with whatever a namespace's owner can see.
 */
public final class KubernetesClusterView implements ClusterView {

  private final KubernetesClient client;

  public KubernetesClusterView(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
    return Optional.ofNullable(
        client.serviceAccounts().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public List<String> namespacesWithSecret(String name) {
    try {
      return client
          .secrets()
          .inAnyNamespace()
          .withField("metadata.name", name)
          .list()
          .getItems()
          .stream()
          .map(s -> s.getMetadata().getNamespace())
          .sorted()
          .toList();
    } catch (KubernetesClientException forbidden) {
      return List.of();
    }
  }

  @Override
  public Optional<PullSecretSync> pullSecretSync(String name) {
    try {
      return Optional.ofNullable(client.resources(PullSecretSync.class).withName(name).get());
    } catch (KubernetesClientException noCrdOrForbidden) {
      return Optional.empty();
    }
  }

  @Override
  public List<PullEvent> podEvents(String namespace, String pod) {
    return client
        .v1()
        .events()
        .inNamespace(namespace)
        .withField("involvedObject.name", pod)
        .list()
        .getItems()
        .stream()
        .filter(e -> "Pod".equals(e.getInvolvedObject().getKind()))
        .map(KubernetesClusterView::pullEvent)
        .sorted(Comparator.comparing(e -> e.lastSeen().orElse(Instant.EPOCH)))
        .toList();
  }

  static PullEvent pullEvent(Event event) {
    String seen =
        event.getLastTimestamp() != null
            ? event.getLastTimestamp()
            : event.getEventTime() == null ? null : event.getEventTime().getTime();
    Optional<Instant> lastSeen;
    try {
      lastSeen = Optional.ofNullable(seen).map(Instant::parse);
    } catch (DateTimeParseException e) {
      lastSeen = Optional.empty();
    }
    return new PullEvent(
        Optional.ofNullable(event.getReason()).orElse(""),
        Optional.ofNullable(event.getMessage()).orElse(""),
        lastSeen);
  }
}
