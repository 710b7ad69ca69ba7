package io.pullwarden.agent.plugins;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.pf4j.ManifestPluginDescriptorFinder;

/**
 * The identity of a plugin jar, read from its manifest before PF4J loads it. PF4J reports a jar
 * that is not a zip, or has no manifest, with a wrapped exception or a bare {@code
 * NullPointerException}; reading the manifest here first gives the operator a message that says
 * which file is wrong and how. It also refuses {@code Plugin-Dependencies}: plugins are
 * self-contained.
 *
 * @param path the jar
 * @param id its {@code Plugin-Id}
 * @param version its {@code Plugin-Version}
 * @param dependencies its {@code Plugin-Dependencies}, empty when it has none
 */
record PluginJar(Path path, String id, String version, String dependencies) {

  static PluginJar read(Path path) throws BrokenPluginException {
    Manifest manifest;
    try (JarFile jar = new JarFile(path.toFile())) {
      manifest = jar.getManifest();
    } catch (IOException e) {
      throw new BrokenPluginException(
          "is not a readable jar ("
              + BrokenPluginException.describe(e)
              + "); replace it with a plugin jar or remove it");
    }
    if (manifest == null) {
      throw new BrokenPluginException(
          "has no META-INF/MANIFEST.MF, so it is not a PF4J plugin; remove it");
    }
    Attributes attributes = manifest.getMainAttributes();
    String id = attributes.getValue(ManifestPluginDescriptorFinder.PLUGIN_ID);
    String version = attributes.getValue(ManifestPluginDescriptorFinder.PLUGIN_VERSION);
    if (id == null || id.isBlank()) {
      throw new BrokenPluginException(
          "has no Plugin-Id in its manifest, so it is not a PF4J plugin; remove it");
    }
    if (version == null || version.isBlank()) {
      throw new BrokenPluginException("has no Plugin-Version in its manifest; rebuild the plugin");
    }
    String dependencies = attributes.getValue(ManifestPluginDescriptorFinder.PLUGIN_DEPENDENCIES);
    return new PluginJar(
        path, id.trim(), version.trim(), dependencies == null ? "" : dependencies.trim());
  }

  /**
   * Plugins bundle what they need (docs/design.md). Depending on another plugin would let one
   * plugin's failure or removal break others, which the catalog promises never happens.
   */
  void requireSelfContained() throws BrokenPluginException {
    if (!dependencies.isEmpty()) {
      throw new BrokenPluginException(
          "declares Plugin-Dependencies ("
              + dependencies
              + "), but Pullwarden plugins must be self-contained; bundle those classes instead");
    }
  }
}
