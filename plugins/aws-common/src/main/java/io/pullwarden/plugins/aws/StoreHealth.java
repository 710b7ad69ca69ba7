package io.pullwarden.plugins.aws;

import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.SourceException;

/**
 * A session's health, kept from the outcome of its store calls rather than by calling AWS on each
 * health check: the login is proven when the session opens, and afterwards the last call tells
 * whether the store is reachable and the identity accepted. A missing credential or a bad ref says
 * nothing about the store, so it leaves the health as it was. Thread-safe.
 */
public final class StoreHealth {

  private volatile Health current = Health.ready();
  private volatile boolean closed;

  /** A store call succeeded. */
  public void succeeded() {
    if (!closed) {
      current = Health.ready();
    }
  }

  /** A store call failed with {@code failure}; returns it, for {@code throw health.failed(e)}. */
  public SourceException failed(SourceException failure) {
    if (!closed
        && (failure instanceof SourceException.AuthFailed
            || failure instanceof SourceException.Transient)) {
      current = Health.error(failure.getMessage());
    }
    return failure;
  }

  /** The session was closed; it stays so. */
  public void closed(String what) {
    closed = true;
    current = Health.error(what + " is closed");
  }

  public boolean isClosed() {
    return closed;
  }

  public Health current() {
    return current;
  }
}
