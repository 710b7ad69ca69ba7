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
  INVALID_SPEC(Remedy.PERSON),
  /** {@code registries[].sourceRef} names no CredentialSource. */
  SOURCE_NOT_FOUND(Remedy.PERSON),
  /** The source's plugin rejected its config or is missing. */
  SOURCE_NOT_READY(Remedy.PERSON),
  /** The store refused the source's login. */
  SOURCE_AUTH_FAILED(Remedy.PERSON),
  /** The store could not be reached or failed. */
  SOURCE_UNAVAILABLE,
  /** The plugin did not answer within the source's timeout. */
  SOURCE_TIMEOUT,
  /** The plugin threw, or returned nothing, outside its contract. */
  PLUGIN_FAILED,
  /** The credential the {@code ref} names does not exist in the store. */
  CREDENTIAL_NOT_FOUND(Remedy.PERSON),
  /** The {@code ref} is wrong for the plugin, or reads a Secret not marked for the source. */
  INVALID_REFERENCE(Remedy.PERSON),
  /** The store's value cannot be a pull credential. */
  INVALID_CREDENTIAL(Remedy.PERSON),
  /** The {@code .dockerconfigjson} exceeds {@code --max-secret-bytes}. */
  CREDENTIAL_TOO_LARGE(Remedy.PERSON),
  /**
   * The registry or its token service refused the credential (401/403) when the agent checked it
   * ({@code registries[].verify}); with Enforce nothing was written.
   */
  CREDENTIAL_REJECTED(Remedy.PERSON),
  /** Writing failed in some namespaces ({@code status.problems}). */
  NAMESPACES_FAILED,
  /** Problem namespaces with different reasons. */
  SECRET_CONFLICTS(Remedy.PERSON),
  /** Event: a new credential was written. */
  CREDENTIAL_ROTATED,
  /** Reconciling: a changed (or the first) credential is being written to the namespaces. */
  ROTATING,
  /** Event: Degraded cleared. */
  RECOVERED,

  // One namespace in status.problems.
  /** A source of the sync does not allow the namespace in {@code spec.targetNamespaces}. */
  NAMESPACE_NOT_ALLOWED(Remedy.PERSON),
  /** A same-named Secret that Pullwarden did not write is there ({@code conflictPolicy: Skip}). */
  SECRET_CONFLICT(Remedy.PERSON),
  /** Adopt met a Secret of another type, or one marked for sources to read. */
  ADOPTION_REFUSED(Remedy.PERSON),
  /** Another PullSecretSync manages the Secret of that name in the namespace. */
  MANAGED_BY_OTHER_SYNC(Remedy.PERSON),
  /** This sync manages the Secret, but another sync wants one of the same name there. */
  SECRET_NAME_SHARED(Remedy.PERSON),
  /** A Secret with this sync's labels has a type Pullwarden never writes. */
  SECRET_TYPE_MISMATCH(Remedy.PERSON),
  /** Attaching to or detaching from a ServiceAccount failed. */
  SERVICE_ACCOUNT_UPDATE_FAILED,
  /** A write failed with no reason from the API server (connection lost, timed out). */
  WRITE_FAILED,

  // A CredentialSource (Ready).
  /** The plugin accepted the config and its last call reached the store. */
  READY,
  /** Event: a CredentialSource turned Ready (the condition's reason is {@code Ready}). */
  SOURCE_READY,
  /** No plugin for the type, or the plugin rejected the config. */
  INVALID_CONFIG(Remedy.PERSON),
  /** Login material the config names does not exist. */
  NOT_FOUND(Remedy.PERSON),
  /** Calls are suspended: the circuit breaker is open. */
  CIRCUIT_OPEN,
  /** The plugin's own health check said it is unhealthy. */
  UNHEALTHY,
  /** The plugin's own health check could not tell. */
  UNKNOWN;

  /**
   * Who clears the failure a reason names. kstatus (Flux, kpt, Argo CD) reads a resource as Failed
   * when its {@code Stalled} condition is True, and as InProgress while {@code Reconciling} is: a
   * failure the agent keeps retrying with backoff and time fixes (a store that is down, a write the
   * API server refused for now) is Reconciling; one only a change by a person fixes (a field, a
   * missing credential, a refused login, a Secret someone else owns) is Stalled.
   */
  public enum Remedy {
    /** The agent's own retries, or nothing: it is not a failure. */
    TIME,
    /** A person must change the spec, the store or the cluster; the agent picks the change up. */
    PERSON
  }

  private final String text = pascalCase(name());
  private final Remedy remedy;

  Reason() {
    this(Remedy.TIME);
  }

  Reason(Remedy remedy) {
    this.remedy = remedy;
  }

  /**
   * True when a resource failing for {@code reason} stays stuck until a person acts: a reason of
   * this enum marked {@link Remedy#PERSON}. A reason from the API server ({@code Forbidden}, {@code
   * Invalid}, ...) is retried, so false.
   */
  public static boolean needsAPerson(String reason) {
    for (Reason known : values()) {
      if (known.text.equals(reason)) {
        return known.remedy == Remedy.PERSON;
      }
    }
    return false;
  }

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
