package io.pullwarden.testenv;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test the shared {@link MotoServer}: declare {@code @ExtendWith(MotoExtension.class)} and
 * take a {@code MotoServer} parameter.
 */
public final class MotoExtension extends SharedServerExtension<MotoServer> {

  public MotoExtension() {
    super(MotoServer.class);
  }

  @Override
  protected MotoServer start(ExtensionContext context) {
    return MotoServer.start();
  }
}
