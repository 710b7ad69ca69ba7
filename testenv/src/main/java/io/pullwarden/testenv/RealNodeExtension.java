package io.pullwarden.testenv;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test the shared {@link RealNode}: declare {@code @ExtendWith(RealNodeExtension.class)}
 * and take a {@code RealNode} parameter. One node serves every test of the JVM, since a machine can
 * run only one kubelet.
 */
public final class RealNodeExtension extends SharedServerExtension<RealNode> {

  public RealNodeExtension() {
    super(RealNode.class);
  }

  @Override
  protected RealNode start(ExtensionContext context) {
    return RealNode.start();
  }
}
