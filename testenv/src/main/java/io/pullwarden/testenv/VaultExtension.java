package io.pullwarden.testenv;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test the shared {@link VaultServer}: declare {@code @ExtendWith(VaultExtension.class)}
 * and take a {@code VaultServer} parameter. By default it is an {@link OpenBaoServer} process; with
 * {@code PULLWARDEN_TEST_VAULT=testcontainers} it is HashiCorp Vault ({@code hashicorp/vault:1.20})
 * in a container, and the run fails if no Docker engine is reachable.
 */
public final class VaultExtension extends SharedServerExtension<VaultServer> {

  /**
   * The environment variable that picks the backend: unset or {@code openbao}, or {@code
   * testcontainers}.
   */
  public static final String BACKEND_VARIABLE = "PULLWARDEN_TEST_VAULT";

  public VaultExtension() {
    super(VaultServer.class);
  }

  @Override
  protected VaultServer start(ExtensionContext context) {
    String backend = System.getenv(BACKEND_VARIABLE);
    if (backend == null || backend.isBlank() || backend.equals("openbao")) {
      return OpenBaoServer.start();
    }
    if (backend.equals("testcontainers")) {
      return VaultContainerServer.start();
    }
    throw new IllegalStateException(
        BACKEND_VARIABLE
            + "="
            + backend
            + " names no known backend; use 'openbao' (the default) or 'testcontainers'");
  }
}
