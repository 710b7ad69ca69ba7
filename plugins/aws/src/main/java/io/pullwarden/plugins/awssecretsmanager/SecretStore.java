package io.pullwarden.plugins.awssecretsmanager;

import io.pullwarden.plugin.SourceException;

/**
 * The two Secrets Manager calls this plugin makes, and nothing else, so that session logic can be
 * tested with a small in-memory fake. Implementations report failures as {@link SourceException}s
 * whose messages name the secret and the ref field to correct.
 */
interface SecretStore extends AutoCloseable {

  /** {@code DescribeSecret}: the cheap change check; reads no secret value. */
  SecretVersions describe(SecretRef ref) throws SourceException;

  /** {@code GetSecretValue} of the version {@code ref} picks (its stage or its pinned id). */
  SecretValue value(SecretRef ref) throws SourceException;

  /** Releases the client; must not throw. */
  @Override
  void close();
}
