package io.pullwarden.agent.diagnose;

import java.util.List;
import java.util.Optional;

/**
 * The answer of {@code pullwarden diagnose}: one verdict for the pod (the first image that cannot
 * pull decides it), what was found for each image, the evidence and the commands that fix it. Holds
 * names, keys and reasons, never a credential.
 *
 * @param subject what was diagnosed
 * @param verdict the cause, or {@link Cause#NONE}
 * @param pullSecrets where the pull Secrets come from and which they are, in a sentence
 * @param images what was found for each image
 * @param fixes commands or steps that fix the verdict's cause, in order
 */
public record Diagnosis(
    Subject subject,
    Cause verdict,
    String pullSecrets,
    List<ImageFinding> images,
    List<String> fixes) {

  /** Whether every image can be pulled, as far as diagnose can tell. */
  public boolean canPull() {
    return verdict == Cause.NONE;
  }

  /**
   * What was found for one image.
   *
   * @param container the container's name
   * @param image the image
   * @param cause why it cannot be pulled, or {@link Cause#NONE}
   * @param secret the Secret whose credential the kubelet would send, if any
   * @param key the auths key the kubelet would pick, if any
   * @param login whether the registry accepts that credential
   * @param evidence what led to the cause, one fact a line
   */
  public record ImageFinding(
      String container,
      String image,
      Cause cause,
      Optional<String> secret,
      Optional<String> key,
      Optional<LoginOutcome> login,
      List<String> evidence) {}
}
