package io.pullwarden.plugins.awsecr;

import io.pullwarden.plugin.testkit.PluginJarConformance;
import io.pullwarden.plugins.awssecretsmanager.SecretsManagerSourceFactory;
import java.util.List;

/**
 * The one AWS plugin jar loads in PF4J and serves both AWS types (ADR 0021); {@link EcrPluginJarIT}
 * and {@code SecretsManagerPluginJarIT} prove each type works from it.
 */
class AwsPluginJarIT extends PluginJarConformance {

  @Override
  protected List<String> expectedTypes() {
    return List.of(SecretsManagerSourceFactory.TYPE, EcrSourceFactory.TYPE);
  }
}
