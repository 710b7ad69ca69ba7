package io.pullwarden.agent.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.ExtensionFactory;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginStateEvent;
import org.pf4j.PluginWrapper;

/**
 * PF4J's jar plugin runtime, opened up where the catalog has to see failures that PF4J only logs
 * and to time-limit the plugin's own code: it loads one jar at a time (PF4J's bulk load stops at
 * the first exception that is not its own), starts one plugin at a time with the plugin's code
 * split from PF4J's bookkeeping (so the code can run on a thread of its own), remembers which
 * extension could not be created and why ({@code getExtensions} logs that and returns fewer
 * extensions), and never touches again a plugin whose code was abandoned because it hung.
 */
final class PluginHost extends JarPluginManager {

  // Filled by the extension factory, which PF4J creates inside the super constructor, before
  // these fields are assigned; the factory only uses them later, when an extension is created.
  // Synchronized: an abandoned extension may still fail, late, on its own thread.
  private final Map<String, Throwable> extensionFailures =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final Set<String> abandoned = ConcurrentHashMap.newKeySet();
  private volatile String creating;

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

  /**
   * Runs the plugin's own start code, its {@code Plugin-Class} constructor and {@code start()}: the
   * part of starting that may hang, so the catalog calls it on a thread of its own and records the
   * result with {@link #started} or {@link #failedToStart}.
   */
  void runStartCode(String pluginId) throws Exception {
    getPlugin(pluginId).getPlugin().start();
  }

  /** Records a plugin whose start code returned as started, as PF4J's own start does. */
  void started(String pluginId) {
    PluginWrapper plugin = getPlugin(pluginId);
    PluginState before = plugin.getPluginState();
    plugin.setPluginState(PluginState.STARTED);
    plugin.setFailedException(null);
    startedPlugins.add(plugin);
    firePluginStateEvent(new PluginStateEvent(this, plugin, before));
  }

  /** Records a plugin whose start code threw {@code failure}, as PF4J's own start does. */
  void failedToStart(String pluginId, Throwable failure) {
    PluginWrapper plugin = getPlugin(pluginId);
    plugin.setPluginState(PluginState.FAILED);
    plugin.setFailedException(failure);
  }

  /**
   * Gives up on a plugin whose code did not return in time: it stays loaded, since stopping or
   * unloading it would run more of its code or close classes under its running thread, and is never
   * served.
   */
  void abandon(String pluginId) {
    abandoned.add(pluginId);
  }

  boolean isAbandoned(String pluginId) {
    return abandoned.contains(pluginId);
  }

  /** The extension class whose constructor ran last, if any. */
  String creating() {
    return creating;
  }

  /** The extension classes that failed to instantiate since the last call, with their errors. */
  Map<String, Throwable> takeExtensionFailures() {
    synchronized (extensionFailures) {
      Map<String, Throwable> failures = new LinkedHashMap<>(extensionFailures);
      extensionFailures.clear();
      return failures;
    }
  }

  /** Stops and unloads one plugin and closes its class loader. */
  void unload(String pluginId) {
    // Pullwarden plugins have no Plugin-Dependencies (PluginJar refuses them), so there are no
    // dependents to unload and no graph to re-resolve; re-resolving fails before the first resolve.
    unloadPlugin(pluginId, false, false);
  }

  /** Stops and unloads every plugin, resolved or not, but the abandoned ones. */
  void unloadAll() {
    // Not stopPlugins(): PF4J 3.15 removes from the list it iterates there and throws
    // ConcurrentModificationException (pf4j/pf4j#656). Unloading stops each plugin first.
    List<PluginWrapper> started = new ArrayList<>(getStartedPlugins());
    Collections.reverse(started);
    started.stream()
        .map(PluginWrapper::getPluginId)
        .filter(id -> !isAbandoned(id))
        .forEach(this::unload);
    new ArrayList<>(getPlugins())
        .stream()
            .map(PluginWrapper::getPluginId)
            .filter(id -> !isAbandoned(id))
            .forEach(this::unload);
  }

  @Override
  protected ExtensionFactory createExtensionFactory() {
    ExtensionFactory created = super.createExtensionFactory();
    return new ExtensionFactory() {
      @Override
      public <T> T create(Class<T> extensionClass) {
        creating = extensionClass.getName();
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
