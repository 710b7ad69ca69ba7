package io.pullwarden.agent.diagnose;

/**
 * Why a pull fails, in the terms of the troubleshooting table users know (symptom and cause), so a
 * verdict reads as the row it is; {@link #NONE} when nothing stands in the way.
 */
public enum Cause {
  NONE("", "this pod can pull"),
  NO_PULL_SECRETS("ImagePullBackOff", "no imagePullSecrets on the pod or its ServiceAccount"),
  CUSTOM_ACCOUNT_LACKS_SECRET(
      "works with default, not a custom ServiceAccount", "the custom account lacks the Secret"),
  SECRET_IN_OTHER_NAMESPACE("Secret not found", "the Secret is in another namespace"),
  SECRET_NOT_FOUND("Secret not found", "the Secret does not exist in any namespace"),
  INVALID_SECRET(
      "ImagePullBackOff", "the Secret is not a valid kubernetes.io/dockerconfigjson or dockercfg"),
  NO_MATCHING_KEY("no basic auth credentials", "the auths key does not match the image's registry"),
  TOKEN_EXPIRED("auth expired", "the token or lease expired and was not refreshed"),
  WRONG_CREDENTIALS("unauthorized: authentication required", "wrong credentials");

  private final String symptom;
  private final String explanation;

  Cause(String symptom, String explanation) {
    this.symptom = symptom;
    this.explanation = explanation;
  }

  /** What the user sees (the table's first column); empty for {@link #NONE}. */
  public String symptom() {
    return symptom;
  }

  /** Why (the table's second column). */
  public String explanation() {
    return explanation;
  }

  /** "symptom: cause", or "this pod can pull". */
  public String verdict() {
    return this == NONE ? explanation : symptom + ": " + explanation;
  }
}
