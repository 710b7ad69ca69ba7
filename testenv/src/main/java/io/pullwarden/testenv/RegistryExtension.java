package io.pullwarden.testenv;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test the shared {@link RegistryServer}: declare {@code @ExtendWith(
 * RegistryExtension.class)} and take a {@code RegistryServer} parameter.
 */
public final class RegistryExtension extends SharedServerExtension<RegistryServer> {

  public RegistryExtension() {
    super(RegistryServer.class);
  }

  @Override
  protected RegistryServer start(ExtensionContext context) {
    return RegistryServer.start();
  }
}
