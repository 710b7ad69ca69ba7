package io.pullwarden.agent.plugins;

import io.pullwarden.plugin.CredentialSourceFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over a plugins directory: load each jar, resolve, start, then take each started plugin's
 * factories. Every step that can fail for one plugin is caught for that plugin alone and recorded
 * as a {@link PluginProblem}; only a conflict between plugins stops the pass.
 */
final class CatalogLoad {

  private static final Logger log = LoggerFactory.getLogger(CatalogLoad.class);

  private final Path directory;
  private final PluginHost host;
  private final Map<String, PluginJar> loaded = new LinkedHashMap<>();
  private final Map<String, CredentialSourceFactory> factories = new LinkedHashMap<>();
  private final Map<String, LoadedPlugin> servedBy = new LinkedHashMap<>();
  private final List<LoadedPlugin> plugins = new ArrayList<>();
  private final List<PluginProblem> problems = new ArrayList<>();

  CatalogLoad(Path directory, PluginHost host) {
    this.directory = directory;
    this.host = host;
  }

  PluginCatalog load(List<Path> jars) {
    try {
      jars.forEach(this::loadJar);
      resolve();
      host.startPlugins();
      for (PluginJar jar : loaded.values()) {
        collect(jar);
      }
    } catch (RuntimeException | Error e) {
      try {
        host.unloadAll();
      } catch (RuntimeException unloading) {
        e.addSuppressed(unloading);
      }
      throw e;
    }
    log.info(
        "Loaded {} plugin(s) from {} serving types {}; {} problem(s)",
        plugins.size(),
        directory,
        factories.keySet(),
        problems.size());
    return new PluginCatalog(directory, host, factories, plugins, problems);
  }

  private void loadJar(Path path) {
    PluginJar jar;
    try {
      jar = PluginJar.read(path);
    } catch (BrokenPluginException e) {
      report(path, Optional.empty(), e.getMessage());
      return;
    }
    PluginJar earlier = loaded.get(jar.id());
    if (earlier != null) {
      throw PluginConflictException.sameId(jar.id(), earlier.path(), path);
    }
    try {
      jar.requireSelfContained();
      host.loadJar(path);
      loaded.put(jar.id(), jar);
    } catch (BrokenPluginException e) {
      report(jar, e.getMessage());
    } catch (RuntimeException | LinkageError e) {
      report(jar, "cannot be loaded: " + BrokenPluginException.describe(e));
    }
  }

  private void resolve() {
    try {
      host.resolve();
    } catch (RuntimeException e) {
      // Plugins without Plugin-Dependencies always resolve; should PF4J still fail, each plugin
      // it left unresolved is reported below.
      log.error("Cannot resolve the plugins in {}", directory, e);
    }
  }

  private void collect(PluginJar jar) {
    PluginWrapper plugin = host.getPlugin(jar.id());
    if (plugin == null) {
      report(jar, "was not resolved by PF4J; see the errors logged before this one");
      return;
    }
    PluginState state = plugin.getPluginState();
    Throwable failure = plugin.getFailedException();
    try {
      if (failure != null) {
        String what = state == PluginState.FAILED ? "failed to start" : "is " + state;
        throw new BrokenPluginException(what + ": " + BrokenPluginException.describe(failure));
      }
      if (state == PluginState.DISABLED) {
        log.info("Plugin {} ({}) is disabled in {}", jar.id(), jar.path(), directory);
        plugins.add(new LoadedPlugin(jar.id(), jar.version(), jar.path(), state, List.of()));
        return;
      }
      if (state != PluginState.STARTED) {
        throw new BrokenPluginException("did not start (state " + state + ")");
      }
      register(jar, new PluginFactories(host, jar.id()).take());
    } catch (BrokenPluginException e) {
      report(jar, e.getMessage());
      host.unload(jar.id());
    }
  }

  private void register(PluginJar jar, Map<String, CredentialSourceFactory> found) {
    LoadedPlugin plugin =
        new LoadedPlugin(
            jar.id(), jar.version(), jar.path(), PluginState.STARTED, List.copyOf(found.keySet()));
    for (Map.Entry<String, CredentialSourceFactory> entry : found.entrySet()) {
      LoadedPlugin first = servedBy.putIfAbsent(entry.getKey(), plugin);
      if (first != null) {
        throw PluginConflictException.sameType(
            entry.getKey(), first.id(), first.jar(), plugin.id(), plugin.jar());
      }
      factories.put(entry.getKey(), entry.getValue());
    }
    plugins.add(plugin);
    log.info("Plugin {} {} ({}) serves {}", jar.id(), jar.version(), jar.path(), plugin.types());
  }

  private void report(PluginJar jar, String message) {
    report(jar.path(), Optional.of(jar.id()), message);
  }

  private void report(Path path, Optional<String> pluginId, String message) {
    String plugin = pluginId.map(id -> " (" + id + ")").orElse("");
    log.error("Skipping plugin jar {}{}: it {}", path, plugin, message);
    problems.add(new PluginProblem(path, pluginId, message));
  }
}
