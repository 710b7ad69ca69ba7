package io.pullwarden.testenv;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Pods on the {@link RealNode} and what became of their image pull, as a user would read them with
 * {@code kubectl get pod} and {@code kubectl describe pod}.
 */
public final class NodePods {

  /** The waiting reasons of a container whose image could not be pulled. */
  public static final Set<String> PULL_FAILED = Set.of("ErrImagePull", "ImagePullBackOff");

  private NodePods() {}

  /**
   * A pod on the node that runs {@code image}, pulled with {@code pullPolicy}, as {@code
   * serviceAccount}, with {@code pullSecrets} of its own (often none: the ServiceAccount's are then
   * added by admission). It uses the host's network (it needs none of its own) and no API token.
   */
  public static Pod pod(
      String namespace,
      String name,
      String image,
      String pullPolicy,
      String serviceAccount,
      List<String> pullSecrets) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNodeName(RealNode.NAME)
        .withHostNetwork(true)
        .withServiceAccountName(serviceAccount)
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withTerminationGracePeriodSeconds(1L)
        .withImagePullSecrets(pullSecrets.stream().map(LocalObjectReference::new).toList())
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .withImagePullPolicy(pullPolicy)
        .endContainer()
        .endSpec()
        .build();
  }

  /**
   * Waits until the pod's container runs ({@code "Running"}) or its pull failed (the waiting
   * reason, one of {@link #PULL_FAILED}); fails after {@code timeout} with the pod's state.
   */
  public static String awaitPullOutcome(
      KubernetesClient client, String namespace, String name, Duration timeout) {
    return await(client, namespace, name, timeout, PULL_FAILED);
  }

  /**
   * Waits until the pod's container runs, through any failed pulls on the way (a pod in back-off
   * that recovers by itself); fails after {@code timeout} with the pod's state and events.
   */
  public static void awaitRunning(
      KubernetesClient client, String namespace, String name, Duration timeout) {
    await(client, namespace, name, timeout, Set.of());
  }

  private static String await(
      KubernetesClient client,
      String namespace,
      String name,
      Duration timeout,
      Set<String> outcomes) {
    Instant deadline = Instant.now().plus(timeout);
    String last = "no status yet";
    while (Instant.now().isBefore(deadline)) {
      Optional<ContainerStatus> status = container(client, namespace, name);
      if (status.isPresent()) {
        ContainerStatus container = status.get();
        if (container.getState().getRunning() != null) {
          return "Running";
        }
        if (container.getState().getWaiting() != null) {
          last = container.getState().getWaiting().getReason();
          if (outcomes.contains(last)) {
            return last;
          }
        }
      }
      ServerProcess.sleep(Duration.ofMillis(200));
    }
    throw new AssertionError(
        "pod "
            + namespace
            + "/"
            + name
            + " reached neither Running nor any of "
            + outcomes
            + " within "
            + timeout
            + " (last state: "
            + last
            + "; events: "
            + events(client, namespace, name)
            + ")");
  }

  /** The pod's only container's status, once the kubelet reported one. */
  public static Optional<ContainerStatus> container(
      KubernetesClient client, String namespace, String name) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream().findFirst();
  }

  /**
   * Whether an event of the pod says {@code text} within {@code timeout}: the kubelet reports an
   * event and the pod's status separately, so the event may arrive a moment after the status.
   */
  public static boolean awaitEvent(
      KubernetesClient client, String namespace, String name, String text, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (!events(client, namespace, name).contains(text)) {
      if (Instant.now().isAfter(deadline)) {
        return false;
      }
      ServerProcess.sleep(Duration.ofMillis(200));
    }
    return true;
  }

  /** The messages of the pod's events, as {@code kubectl describe pod} lists them. */
  public static String events(KubernetesClient client, String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(Event::getMessage)
        .collect(Collectors.joining(" | "));
  }
}
