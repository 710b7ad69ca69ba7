package io.pullwarden.agent.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.ExtensionFactory;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginWrapper;

/**
 * PF4J's jar plugin runtime, opened up where the catalog has to see failures that PF4J only logs:
 * it loads one jar at a time (PF4J's bulk load stops at the first exception that is not its own)
 * and remembers which extension could not be created and why ({@code getExtensions} logs that and
 * returns fewer extensions).
 */
final class PluginHost extends JarPluginManager {

  // Filled by the extension factory, which PF4J creates inside the super constructor, before
  // this field is assigned; the factory only reads it later, when an extension is created.
  private final Map<String, Throwable> extensionFailures = new LinkedHashMap<>();

  PluginHost(Path directory) {
    super(directory);
  }

  /** Loads one jar without resolving; {@link #resolve()} follows once all jars are loaded. */
  PluginWrapper loadJar(Path jar) {
    return loadPluginFromPath(jar);
  }

  void resolve() {
    resolvePlugins();
  }

  /** The extension classes that failed to instantiate since the last call, with their errors. */
  Map<String, Throwable> takeExtensionFailures() {
    Map<String, Throwable> failures = new LinkedHashMap<>(extensionFailures);
    extensionFailures.clear();
    return failures;
  }

  /** Stops and unloads one plugin and closes its class loader. */
  void unload(String pluginId) {
    // Pullwarden plugins have no Plugin-Dependencies (PluginJar refuses them), so there are no
    // dependents to unload and no graph to re-resolve; re-resolving fails before the first resolve.
    unloadPlugin(pluginId, false, false);
  }

  /** Stops and unloads every plugin, resolved or not, closing their class loaders. */
  void unloadAll() {
    // Not stopPlugins(): PF4J 3.15 removes from the list it iterates there and throws
    // ConcurrentModificationException (pf4j/pf4j#656). Unloading stops each plugin first.
    List<PluginWrapper> started = new ArrayList<>(getStartedPlugins());
    Collections.reverse(started);
    started.forEach(plugin -> unload(plugin.getPluginId()));
    new ArrayList<>(getPlugins()).forEach(plugin -> unload(plugin.getPluginId()));
  }

  @Override
  protected ExtensionFactory createExtensionFactory() {
    ExtensionFactory created = super.createExtensionFactory();
    return new ExtensionFactory() {
      @Override
      public <T> T create(Class<T> extensionClass) {
        try {
          return created.create(extensionClass);
        } catch (RuntimeException | LinkageError e) {
          extensionFailures.put(extensionClass.getName(), e);
          throw e;
        }
      }
    };
  }
}
