package io.pullwarden.agent.diagnose;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.pullwarden.agent.diagnose.Subject.ContainerImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Builds a {@link Subject} from a pod spec or from an image and a ServiceAccount. */
public final class Subjects {

  private Subjects() {}

  /** A pod's spec: its account, pull Secrets and every image, init containers first. */
  public static Subject ofPod(
      String namespace, Optional<String> name, PodSpec spec, boolean exists) {
    List<ContainerImage> images = new ArrayList<>();
    for (List<Container> containers :
        List.of(
            Objects.requireNonNullElse(spec.getInitContainers(), List.<Container>of()),
            Objects.requireNonNullElse(spec.getContainers(), List.<Container>of()))) {
      containers.forEach(c -> images.add(new ContainerImage(c.getName(), c.getImage())));
    }
    List<String> pullSecrets =
        Objects.requireNonNullElse(spec.getImagePullSecrets(), List.<LocalObjectReference>of())
            .stream()
            .map(LocalObjectReference::getName)
            .filter(Objects::nonNull)
            .toList();
    String account =
        spec.getServiceAccountName() == null || spec.getServiceAccountName().isEmpty()
            ? "default"
            : spec.getServiceAccountName();
    return new Subject(namespace, name, account, pullSecrets, images, exists);
  }

  /** A pod that would run {@code image} as {@code account} in {@code namespace}. */
  public static Subject ofImage(String namespace, String image, String account) {
    return new Subject(
        namespace,
        Optional.empty(),
        account,
        List.of(),
        List.of(new ContainerImage("(--image)", image)),
        false);
  }
}
