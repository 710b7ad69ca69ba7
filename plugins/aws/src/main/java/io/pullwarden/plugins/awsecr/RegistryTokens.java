package io.pullwarden.plugins.awsecr;

import io.pullwarden.plugin.SourceException;

/**
 * The one ECR call this plugin makes, behind an interface so that token handling can be tested with
 * a hand-written fake and a settable clock.
 */
interface RegistryTokens extends AutoCloseable {

  /** {@code GetAuthorizationToken} for the registry {@code ref} names (or the identity's own). */
  AuthorizationData authorize(EcrRef ref) throws SourceException;

  /** Releases the client; must not throw. */
  @Override
  void close();
}
