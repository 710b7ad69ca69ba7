package io.pullwarden.plugin;

import java.util.Optional;

/**
 * Read access to Kubernetes Secrets, narrowed to what plugins need: reading one Secret and being
 * told when it changes. The agent serves a source only the Secrets marked for it (annotation {@code
 * pullwarden.io/credential-sources} naming the CredentialSource); any other read fails with {@link
 * SourceException.InvalidConfig} saying how to mark it.
 */
public interface ClusterSecrets {

  /** The namespace the agent runs in, where login material (tokens, CA bundles) lives. */
  String agentNamespace();

  /**
   * The Secret's data, or empty when it does not exist.
   *
   * @throws SourceException.InvalidConfig when the Secret is not marked for this source
   */
  Optional<SecretData> get(String namespace, String name) throws SourceException;

  /**
   * Calls {@code onChange} whenever the Secret is created, updated or deleted, until the returned
   * handle is closed.
   */
  AutoCloseable watch(String namespace, String name, Runnable onChange) throws SourceException;
}
