package com.example.pullwarden;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.SecretData;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.util.Optional;

/**
 * A session on the example store: Secrets in one namespace, read through the agent ({@link
 * io.pullwarden.plugin.ClusterSecrets}), keys {@code username} and {@code password}. The Secret's
 * resourceVersion is the credential's version, so the agent rewrites pull secrets only when it
 * changes. Replace {@link #read} with your store's client; keep the rest of the contract: a missing
 * credential is {@link SourceException.NotFound} naming it, messages never hold a secret value,
 * {@link #health()} and {@link #close()} never throw.
 */
final class ExampleSession implements CredentialSession {

  private final String namespace;
  private final SourceContext context;
  private volatile boolean closed;

  ExampleSession(String namespace, SourceContext context) {
    this.namespace = namespace;
    this.context = context;
  }

  @Override
  public Credential fetch(Settings ref) throws SourceException {
    SecretData secret = read(ref);
    return Credential.of(
        new CredentialSecret.UsernamePassword(
            value(secret, ref, "username"), value(secret, ref, "password")),
        secret.resourceVersion());
  }

  @Override
  public Optional<String> version(Settings ref) throws SourceException {
    return Optional.of(read(ref).resourceVersion());
  }

  @Override
  public Health health() {
    return closed ? Health.error("the example session is closed") : Health.ready();
  }

  @Override
  public void close() {
    closed = true;
  }

  private SecretData read(Settings ref) throws SourceException {
    String name = ref.requiredString("name");
    return context
        .secrets()
        .get(namespace, name)
        .orElseThrow(
            () ->
                new SourceException.NotFound(
                    "Secret "
                        + namespace
                        + "/"
                        + name
                        + " does not exist; create it or correct "
                        + ref.field("name")));
  }

  private static String value(SecretData secret, Settings ref, String key)
      throws SourceException.InvalidConfig {
    return secret
        .text(key)
        .orElseThrow(
            () ->
                new SourceException.InvalidConfig(
                    "Secret "
                        + secret.namespace()
                        + "/"
                        + secret.name()
                        + " (named by "
                        + ref.field("name")
                        + ") has no key "
                        + key));
  }
}
