package io.pullwarden.agent.dockerconfig;

/**
 * A credential or registry list that cannot become a valid {@code .dockerconfigjson}: a malformed
 * document, a missing server, two registries with the same key. The message names the field of the
 * PullSecretSync to fix and never contains credential material.
 */
public final class InvalidCredentialException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidCredentialException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The PullSecretSync field at fault, such as {@code spec.registries[1].server}. */
  public String field() {
    return field;
  }
}
