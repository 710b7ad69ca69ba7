package io.pullwarden.plugins.vault;

import java.util.List;

/**
 * A Vault call that did not succeed: either Vault answered with an error status (and the messages
 * of its {@code errors} array), or it did not answer at all ({@link #status()} 0, with the I/O or
 * TLS problem as the cause). It carries no request or response body, so it cannot leak a secret;
 * {@link FailureMapping} turns it into the {@link io.pullwarden.plugin.SourceException} the agent
 * acts on.
 */
final class VaultFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final List<String> errors;

  VaultFailure(int status, List<String> errors) {
    super("HTTP " + status + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)));
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  /** Vault did not answer; {@code cause} says why (refused, timed out, TLS). */
  VaultFailure(Throwable cause) {
    super("no answer: " + describe(cause), cause);
    this.status = 0;
    this.errors = List.of();
  }

  /** The HTTP status, or 0 when Vault did not answer. */
  int status() {
    return status;
  }

  List<String> errors() {
    return errors;
  }

  boolean unanswered() {
    return status == 0;
  }

  /** Vault refused the token: expired, revoked, or without a policy for the call. */
  boolean permissionDenied() {
    return status == 401 || status == 403;
  }

  boolean sealed() {
    return status == 503 || errors.stream().anyMatch(e -> e.toLowerCase().contains("sealed"));
  }

  /** The innermost cause's class and message, which name hosts and ports, never secrets. */
  static String describe(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }
}
