package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.testkit.PluginJarConformance;
import java.util.List;

/** The shaded jar (driver relocated inside it, no plugin-api or PF4J) loads in PF4J. */
class VaultPluginJarIT extends PluginJarConformance {

  @Override
  protected List<String> expectedTypes() {
    return List.of(VaultSourceFactory.TYPE);
  }
}
