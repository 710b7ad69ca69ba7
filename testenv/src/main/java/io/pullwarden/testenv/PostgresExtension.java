package io.pullwarden.testenv;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test the shared {@link PostgresServer}: declare {@code @ExtendWith(
 * PostgresExtension.class)} and take a {@code PostgresServer} parameter. Tests isolate themselves
 * by the roles and databases they create (or that Vault creates for them).
 */
public final class PostgresExtension extends SharedServerExtension<PostgresServer> {

  public PostgresExtension() {
    super(PostgresServer.class);
  }

  @Override
  protected PostgresServer start(ExtensionContext context) {
    return PostgresServer.start();
  }
}
