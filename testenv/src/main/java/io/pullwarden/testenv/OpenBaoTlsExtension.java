package io.pullwarden.testenv;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test the shared {@link OpenBaoTlsServer}: declare {@code @ExtendWith(
 * OpenBaoTlsExtension.class)} and take an {@code OpenBaoTlsServer} parameter.
 */
public final class OpenBaoTlsExtension extends SharedServerExtension<OpenBaoTlsServer> {

  public OpenBaoTlsExtension() {
    super(OpenBaoTlsServer.class);
  }

  @Override
  protected OpenBaoTlsServer start(ExtensionContext context) {
    return OpenBaoTlsServer.start();
  }
}
