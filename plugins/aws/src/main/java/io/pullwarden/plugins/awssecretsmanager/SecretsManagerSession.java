package io.pullwarden.plugins.awssecretsmanager;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugins.aws.StoreHealth;
import java.util.Optional;

/**
 * A session on Secrets Manager for one CredentialSource. {@link #version} costs one {@code
 * DescribeSecret} (no secret value read) and answers the id of the version carrying the ref's
 * stage, or the pinned {@code versionId} without any call, since a version's value never changes;
 * {@link #fetch} costs one {@code GetSecretValue} of that stage or version, and the credential's
 * version is the id of the version read. So the agent reads a value once per change, and {@code
 * AWSPREVIOUS} is read only when a ref asks for it.
 */
final class SecretsManagerSession implements CredentialSession {

  private final SecretStore store;
  private final AutoCloseable login;
  private final String description;
  private final StoreHealth health = new StoreHealth();

  /**
   * @param login closed with the session, after the store
   * @param description says which store this is, for messages
   */
  SecretsManagerSession(SecretStore store, AutoCloseable login, String description) {
    this.store = store;
    this.login = login;
    this.description = description;
  }

  @Override
  public Credential fetch(Settings ref) throws SourceException {
    SecretRef secretRef = SecretRef.parse(ref);
    ensureOpen();
    SecretValue value;
    try {
      value = store.value(secretRef);
    } catch (SourceException e) {
      throw health.failed(e);
    }
    health.succeeded();
    return SecretValueMapping.toCredential(value, secretRef);
  }

  @Override
  public Optional<String> version(Settings ref) throws SourceException {
    SecretRef secretRef = SecretRef.parse(ref);
    ensureOpen();
    if (secretRef.versionId().isPresent()) {
      return secretRef.versionId();
    }
    SecretVersions versions;
    try {
      versions = store.describe(secretRef);
    } catch (SourceException e) {
      throw health.failed(e);
    }
    health.succeeded();
    String secret = "secret '" + secretRef.secretId() + "'";
    if (versions.scheduledForDeletion()) {
      throw new SourceException.NotFound(
          secret
              + " is scheduled for deletion; restore it or correct "
              + secretRef.field("secretId"));
    }
    return Optional.of(
        versions
            .carrying(secretRef.versionStage())
            .orElseThrow(
                () ->
                    new SourceException.NotFound(
                        secret
                            + " has no version labelled "
                            + secretRef.versionStage()
                            + "; label one or correct "
                            + secretRef.field("versionStage"))));
  }

  @Override
  public Health health() {
    return health.current();
  }

  @Override
  public synchronized void close() {
    if (health.isClosed()) {
      return;
    }
    health.closed("the aws-secrets-manager session for " + description);
    store.close();
    try {
      login.close();
    } catch (Exception e) {
      // close() must not throw; the login only holds STS clients.
    }
  }

  private void ensureOpen() {
    if (health.isClosed()) {
      throw new IllegalStateException(
          "the aws-secrets-manager session for " + description + " is closed");
    }
  }
}
