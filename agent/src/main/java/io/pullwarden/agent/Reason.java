package io.pullwarden.agent;

import java.util.Locale;

/**
 * Every reason Pullwarden itself gives on a condition, in {@code status.problems} and on an Event:
 * the one place they are named. What each means and what to do is in {@code docs/reasons.md}, which
 * {@code ReasonsDocumentedTest} holds to this list. A write the API server refused carries the API
 * server's own reason instead ({@code Forbidden}, {@code Invalid}, {@code Conflict}, ...).
 *
 * <p>The text users see is the constant in PascalCase ({@link #toString()}): {@code SOURCE_TIMEOUT}
 * is {@code SourceTimeout}.
 */
public enum Reason {

  // A PullSecretSync as a whole (Ready / Degraded), and its Events.
  /** The Secret is current in every selected namespace. */
  SYNCED,
  /** A field of the spec is invalid. */
  INVALID_SPEC,
  /** {@code registries[].sourceRef} names no CredentialSource. */
  SOURCE_NOT_FOUND,
  /** The source's plugin rejected its config or is missing. */
  SOURCE_NOT_READY,
  /** The store refused the source's login. */
  SOURCE_AUTH_FAILED,
  /** The store could not be reached or failed. */
  SOURCE_UNAVAILABLE,
  /** The plugin did not answer within the source's timeout. */
  SOURCE_TIMEOUT,
  /** The plugin threw, or returned nothing, outside its contract. */
  PLUGIN_FAILED,
  /** The credential the {@code ref} names does not exist in the store. */
  CREDENTIAL_NOT_FOUND,
  /** The {@code ref} is wrong for the plugin, or reads a Secret not marked for the source. */
  INVALID_REFERENCE,
  /** The store's value cannot be a pull credential. */
  INVALID_CREDENTIAL,
  /** The {@code .dockerconfigjson} exceeds {@code --max-secret-bytes}. */
  CREDENTIAL_TOO_LARGE,
  /** Writing failed in some namespaces ({@code status.problems}). */
  NAMESPACES_FAILED,
  /** Problem namespaces with different reasons. */
  SECRET_CONFLICTS,
  /** Event: a new credential was written. */
  CREDENTIAL_ROTATED,
  /** Event: Degraded cleared. */
  RECOVERED,

  // One namespace in status.problems.
  /** A source of the sync does not allow the namespace in {@code spec.targetNamespaces}. */
  NAMESPACE_NOT_ALLOWED,
  /** A same-named Secret that Pullwarden did not write is there ({@code conflictPolicy: Skip}). */
  SECRET_CONFLICT,
  /** Adopt met a Secret of another type, or one marked for sources to read. */
  ADOPTION_REFUSED,
  /** Another PullSecretSync manages the Secret of that name in the namespace. */
  MANAGED_BY_OTHER_SYNC,
  /** This sync manages the Secret, but another sync wants one of the same name there. */
  SECRET_NAME_SHARED,
  /** A Secret with this sync's labels has a type Pullwarden never writes. */
  SECRET_TYPE_MISMATCH,
  /** Attaching to or detaching from a ServiceAccount failed. */
  SERVICE_ACCOUNT_UPDATE_FAILED,
  /** A write failed with no reason from the API server (connection lost, timed out). */
  WRITE_FAILED,

  // A CredentialSource (Ready).
  /** The plugin accepted the config and its last call reached the store. */
  READY,
  /** No plugin for the type, or the plugin rejected the config. */
  INVALID_CONFIG,
  /** Login material the config names does not exist. */
  NOT_FOUND,
  /** Calls are suspended: the circuit breaker is open. */
  CIRCUIT_OPEN,
  /** The plugin's own health check said it is unhealthy. */
  UNHEALTHY,
  /** The plugin's own health check could not tell. */
  UNKNOWN;

  private final String text = pascalCase(name());

  /** The reason as users see it, such as {@code SourceTimeout}. */
  @Override
  public String toString() {
    return text;
  }

  private static String pascalCase(String constant) {
    StringBuilder text = new StringBuilder();
    for (String word : constant.split("_")) {
      text.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return text.toString();
  }
}
