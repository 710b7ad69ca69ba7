package io.pullwarden.plugin;

/**
 * Everything a plugin can report when a store call fails, as a closed set of outcomes the agent
 * acts on. In every case existing Secrets stay as they are; the outcome only decides when the agent
 * tries again. Messages say what failed, where and what to do, and never contain a credential or a
 * token: they reach status conditions, Events and logs.
 */
public abstract sealed class SourceException extends Exception {

  private static final long serialVersionUID = 1L;

  private SourceException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The credential does not exist in the store. Retried at the next refresh, not sooner. */
  public static final class NotFound extends SourceException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      super(message, null);
    }
  }

  /**
   * The store refused the session's identity: a login failed, a token expired or was revoked, or
   * the identity may not read the credential. The agent opens a new session, then backs off.
   */
  public static final class AuthFailed extends SourceException {
    private static final long serialVersionUID = 1L;

    public AuthFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * A failure that may pass by itself: the store is unreachable, sealed, throttling or answered
   * 5xx. The agent retries with exponential backoff and opens the source's circuit breaker when it
   * keeps failing.
   */
  public static final class Transient extends SourceException {
    private static final long serialVersionUID = 1L;

    public Transient(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The configuration or reference cannot work as written: a missing field, a wrong type, a
   * credential in the wrong shape. Not retried until the resource changes.
   */
  public static final class InvalidConfig extends SourceException {
    private static final long serialVersionUID = 1L;

    public InvalidConfig(String message) {
      super(message, null);
    }
  }
}
