package io.pullwarden.testenv;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test the shared {@link KubernetesServer}: declare {@code @ExtendWith(
 * KubernetesExtension.class)} and take a {@code KubernetesServer} parameter.
 */
public final class KubernetesExtension extends SharedServerExtension<KubernetesServer> {

  public KubernetesExtension() {
    super(KubernetesServer.class);
  }

  @Override
  protected KubernetesServer start(ExtensionContext context) {
    return KubernetesServer.start();
  }
}
