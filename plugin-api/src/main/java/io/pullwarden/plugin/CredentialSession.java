package io.pullwarden.plugin;

import java.util.Optional;

/**
 * A logged-in connection to one store, opened for one CredentialSource and shared by every
 * PullSecretSync that uses it. The agent calls {@link #version} on each refresh and {@link #fetch}
 * only when the version moved, so store calls do not grow with the number of namespaces. Calls may
 * come from several threads.
 *
 * <p>Each call runs on a thread of its own; the agent stops waiting after the source's {@code
 * spec.resilience.timeout} and interrupts the thread. A call that throws anything but a {@link
 * SourceException}, or returns null, is reported as a failure of the plugin, naming the exception's
 * class but never its message: only a SourceException's message is shown to users.
 */
public interface CredentialSession extends AutoCloseable {

  /**
   * Reads the credential {@code ref} points at (the {@code ref} of a registry in a PullSecretSync).
   *
   * @throws SourceException with the outcome the agent should act on
   */
  Credential fetch(Settings ref) throws SourceException;

  /**
   * The cheapest answer to "has this credential changed?": an opaque version that changes when the
   * credential does, such as a KV v2 {@code current_version}. Empty when the store has no such
   * call; the agent then fetches and compares content hashes.
   */
  Optional<String> version(Settings ref) throws SourceException;

  /**
   * Renewal and revocation of leased credentials; empty for stores that have no leases. Asked once,
   * when the session is opened.
   */
  default Optional<LeaseControl> leases() {
    return Optional.empty();
  }

  /** Whether the store is reachable and the session still logged in; must not throw. */
  Health health();

  /** Releases connections and stops background work such as token renewal; must not throw. */
  @Override
  void close();
}
