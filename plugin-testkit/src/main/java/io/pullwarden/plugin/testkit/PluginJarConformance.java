package io.pullwarden.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.plugin.CredentialSourceFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Proves that the jar a plugin module builds is a PF4J plugin the agent can load: the descriptor is
 * in the manifest, the extension index is in the jar, neither plugin-api nor PF4J is bundled, and a
 * real {@link DefaultPluginManager} finds the factories from the plugin's own class loader. A
 * plugin's integration test extends it and lists its types; {@code pullwarden-plugin-parent} passes
 * the jar and the plugin id as the system properties {@code pullwarden.plugin.jar} and {@code
 * pullwarden.plugin.id}.
 */
public abstract class PluginJarConformance {

  /** The {@code type()}s of the factories the plugin ships. */
  protected abstract List<String> expectedTypes();

  @Test
  void manifestCarriesThePluginDescriptor() throws IOException {
    try (JarFile jar = new JarFile(jar().toFile())) {
      Attributes manifest = jar.getManifest().getMainAttributes();
      assertThat(manifest.getValue("Plugin-Id")).isEqualTo(pluginId());
      assertThat(manifest.getValue("Plugin-Version")).isNotBlank();
      assertThat(manifest.getValue("Plugin-Provider")).isNotBlank();
    }
  }

  @Test
  void jarHoldsTheExtensionIndexButNotTheApiOrPf4j() throws IOException {
    try (JarFile jar = new JarFile(jar().toFile())) {
      assertThat(jar.getEntry("META-INF/extensions.idx")).as("META-INF/extensions.idx").isNotNull();
      List<String> entries =
          Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
      assertThat(entries)
          .as("entries bundled in the plugin jar")
          .noneMatch(name -> name.startsWith("org/pf4j/"))
          .doesNotContain("io/pullwarden/plugin/CredentialSourceFactory.class");
    }
  }

  @Test
  void pf4jLoadsThePluginAndFindsItsFactories(@TempDir Path pluginsRoot) throws IOException {
    Files.copy(jar(), pluginsRoot.resolve(jar().getFileName()));
    PluginManager manager = new DefaultPluginManager(pluginsRoot);
    try {
      manager.loadPlugins();
      manager.startPlugins();
      PluginWrapper plugin = manager.getPlugin(pluginId());
      assertThat(plugin).as("plugin %s loaded from %s", pluginId(), jar()).isNotNull();
      assertThat(plugin.getPluginState()).isEqualTo(PluginState.STARTED);

      List<CredentialSourceFactory> factories =
          manager.getExtensions(CredentialSourceFactory.class, pluginId());
      assertThat(factories)
          .extracting(CredentialSourceFactory::type)
          .hasSameElementsAs(expectedTypes());
      assertThat(factories)
          .as("factories come from the plugin jar, not the test class path")
          .allMatch(f -> f.getClass().getClassLoader() == plugin.getPluginClassLoader());
    } finally {
      // unloadPlugins() stops each plugin first; PF4J 3.15's stopPlugins() throws a
      // ConcurrentModificationException once a plugin has started (pf4j/pf4j#656).
      manager.unloadPlugins();
    }
  }

  private static Path jar() {
    Path jar = Path.of(property("pullwarden.plugin.jar"));
    assertThat(jar)
        .as("the plugin jar (run this test with Failsafe, after package)")
        .isRegularFile();
    return jar;
  }

  private static String pluginId() {
    return property("pullwarden.plugin.id");
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s (set by pullwarden-plugin-parent)", name).isNotBlank();
    return value;
  }
}
