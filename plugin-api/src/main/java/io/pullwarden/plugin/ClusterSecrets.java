package io.pullwarden.plugin;

import java.util.Optional;

/**
 * Read access to Kubernetes Secrets, narrowed to what plugins need: reading one Secret and being
 * told when it changes. The agent serves reads from a watch-backed cache where it can, so calling
 * {@link #get} on every refresh costs no API request.
 */
public interface ClusterSecrets {

  /** The namespace the agent runs in, where login material (tokens, CA bundles) lives. */
  String agentNamespace();

  /** The Secret's data, or empty when it does not exist. */
  Optional<SecretData> get(String namespace, String name) throws SourceException;

  /**
   * Calls {@code onChange} whenever the Secret is created, updated or deleted, until the returned
   * handle is closed.
   */
  AutoCloseable watch(String namespace, String name, Runnable onChange) throws SourceException;
}
