package io.pullwarden.testenv;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test the shared {@link PrometheusServer}: declare {@code @ExtendWith(
 * PrometheusExtension.class)} and take a {@code PrometheusServer} parameter.
 */
public final class PrometheusExtension extends SharedServerExtension<PrometheusServer> {

  public PrometheusExtension() {
    super(PrometheusServer.class);
  }

  @Override
  protected PrometheusServer start(ExtensionContext context) {
    return PrometheusServer.start();
  }
}
