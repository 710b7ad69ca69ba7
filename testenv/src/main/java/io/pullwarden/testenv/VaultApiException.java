package io.pullwarden.testenv;

import java.util.List;

/**
 * A Vault API call answered with an error status. Tests that expect a refusal (403 for a revoked
 * token, 404 for a missing secret) assert on {@link #status()}; the message carries the method,
 * path, status and the server's error list, never a request body.
 */
public final class VaultApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  VaultApiException(String method, String path, int status, List<String> errors) {
    super(method + " /v1/" + path + " answered " + status + ": " + errors);
    this.status = status;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }
}
