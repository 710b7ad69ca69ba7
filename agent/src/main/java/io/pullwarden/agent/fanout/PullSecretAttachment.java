package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a ServiceAccount's {@code imagePullSecrets} changes when Pullwarden attaches or detaches a
 * Secret. The list is atomic in the API, so a careless patch wipes other entries; here an entry is
 * only ever appended when absent, other entries keep their order, and the names Pullwarden added
 * are recorded in an annotation so that detaching removes only those, never an entry someone else
 * added (OpenShift's {@code *-dockercfg-*} included). Pure: the caller writes the result with the
 * resourceVersion it read.
 */
public final class PullSecretAttachment {

  /** Comma-separated names of the imagePullSecrets entries Pullwarden added. */
  public static final String ATTACHED_ANNOTATION = "pullwarden.io/attached-pull-secrets";

  private PullSecretAttachment() {}

  /** The account with {@code secretName} appended, or empty when it is already there. */
  public static Optional<ServiceAccount> attach(ServiceAccount account, String secretName) {
    List<LocalObjectReference> entries = entries(account);
    if (entries.stream().anyMatch(e -> secretName.equals(e.getName()))) {
      return Optional.empty();
    }
    List<LocalObjectReference> updated = new ArrayList<>(entries);
    updated.add(new LocalObjectReference(secretName));
    Set<String> ours = attachedByUs(account);
    ours.add(secretName);
    return Optional.of(withEntries(account, updated, ours));
  }

  /**
   * The account without {@code secretName}, or empty when Pullwarden did not add it (then it is not
   * ours to remove) or it is gone already.
   */
  public static Optional<ServiceAccount> detach(ServiceAccount account, String secretName) {
    Set<String> ours = attachedByUs(account);
    if (!ours.remove(secretName)) {
      return Optional.empty();
    }
    List<LocalObjectReference> updated =
        entries(account).stream().filter(e -> !secretName.equals(e.getName())).toList();
    return Optional.of(withEntries(account, updated, ours));
  }

  /** True when Pullwarden attached {@code secretName} to the account (its annotation says so). */
  public static boolean isAttachedByPullwarden(ServiceAccount account, String secretName) {
    return attachedByUs(account).contains(secretName);
  }

  /** True when {@code secretName} is among the account's imagePullSecrets. */
  public static boolean isAttached(ServiceAccount account, String secretName) {
    return entries(account).stream().anyMatch(e -> secretName.equals(e.getName()));
  }

  private static List<LocalObjectReference> entries(ServiceAccount account) {
    return account.getImagePullSecrets() == null ? List.of() : account.getImagePullSecrets();
  }

  private static Set<String> attachedByUs(ServiceAccount account) {
    Map<String, String> annotations = account.getMetadata().getAnnotations();
    String recorded = annotations == null ? null : annotations.get(ATTACHED_ANNOTATION);
    if (recorded == null || recorded.isBlank()) {
      return new LinkedHashSet<>();
    }
    return Arrays.stream(recorded.split(","))
        .map(String::trim)
        .filter(name -> !name.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static ServiceAccount withEntries(
      ServiceAccount account, List<LocalObjectReference> entries, Set<String> ours) {
    Map<String, String> annotations =
        new LinkedHashMap<>(
            Objects.requireNonNullElse(account.getMetadata().getAnnotations(), Map.of()));
    if (ours.isEmpty()) {
      annotations.remove(ATTACHED_ANNOTATION);
    } else {
      annotations.put(ATTACHED_ANNOTATION, String.join(",", ours));
    }
    return new ServiceAccountBuilder(account)
        .editMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .withImagePullSecrets(entries)
        .build();
  }
}
