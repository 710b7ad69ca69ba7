package com.example.pullwarden;

import io.pullwarden.plugin.testkit.PluginJarConformance;
import java.util.List;

/**
 * Proves the jar this project builds is a plugin the agent loads: the Plugin-* manifest entries,
 * the extension index, no bundled plugin-api or PF4J, and the factory found by PF4J in the plugin's
 * own class loader. Runs in {@code mvn verify}, after the jar is built.
 */
class ExamplePluginJarIT extends PluginJarConformance {

  @Override
  protected List<String> expectedTypes() {
    return List.of(ExampleSourceFactory.TYPE);
  }
}
