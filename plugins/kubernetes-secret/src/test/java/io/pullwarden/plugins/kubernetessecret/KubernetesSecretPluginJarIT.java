package io.pullwarden.plugins.kubernetessecret;

import io.pullwarden.plugin.testkit.PluginJarConformance;
import java.util.List;

class KubernetesSecretPluginJarIT extends PluginJarConformance {

  @Override
  protected List<String> expectedTypes() {
    return List.of(KubernetesSecretSourceFactory.TYPE);
  }
}
