package io.pullwarden.agent.diagnose;

import java.util.List;
import java.util.Optional;

/**
 * What is diagnosed: a pod that exists, or one that would be created (from {@code --image} or a
 * manifest). The difference matters: ServiceAccount admission copies the account's imagePullSecrets
 * into a pod only when the pod is created.
 *
 * @param namespace the pod's namespace
 * @param pod the pod's name, if there is a pod (its Events are read)
 * @param serviceAccount the pod's ServiceAccount ({@code default} when it names none)
 * @param podPullSecrets the pod's own imagePullSecrets, in order
 * @param images every container's image, init containers first
 * @param exists whether the pod exists already (admission has run)
 */
public record Subject(
    String namespace,
    Optional<String> pod,
    String serviceAccount,
    List<String> podPullSecrets,
    List<ContainerImage> images,
    boolean exists) {

  /**
   * One container's image.
   *
   * @param container the container's name
   * @param image the image as the pod spec names it
   */
  public record ContainerImage(String container, String image) {}

  /** "pod NS/NAME", "the pod of KIND/NAME in NS" or "a pod in NS", for a diagnosis's first line. */
  String describe() {
    return pod.map(
                name ->
                    name.contains("/")
                        ? "the pod of " + name + " in " + namespace
                        : "pod " + namespace + "/" + name)
            .orElse("a pod in " + namespace)
        + " (ServiceAccount "
        + serviceAccount
        + ")";
  }
}
