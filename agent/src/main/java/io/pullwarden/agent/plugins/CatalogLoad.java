package io.pullwarden.agent.plugins;

import io.pullwarden.plugin.CredentialSourceFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over a plugins directory: load each jar, resolve, then start each plugin and take its
 * factories. Every step that can fail for one plugin is caught for that plugin alone and recorded
 * as a {@link PluginProblem}; only a conflict between plugins stops the pass. The plugin's own code
 * (its Plugin class, its extensions' constructors and {@code type()}) runs on a thread of its own
 * and has {@code limit} per jar: a jar whose code does not return by then is skipped and named, and
 * the others load.
 */
final class CatalogLoad {

  private static final Logger log = LoggerFactory.getLogger(CatalogLoad.class);

  private final Path directory;
  private final PluginHost host;
  private final Duration limit;
  private final Map<String, PluginJar> loaded = new LinkedHashMap<>();
  private final Map<String, CredentialSourceFactory> factories = new LinkedHashMap<>();
  private final Map<String, LoadedPlugin> servedBy = new LinkedHashMap<>();
  private final List<LoadedPlugin> plugins = new ArrayList<>();
  private final List<PluginProblem> problems = new ArrayList<>();

  CatalogLoad(Path directory, PluginHost host, Duration limit) {
    this.directory = directory;
    this.host = host;
    this.limit = limit;
  }

  PluginCatalog load(List<Path> jars) {
    try {
      jars.forEach(this::loadJar);
      resolve();
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
    try {
      if (state == PluginState.DISABLED) {
        log.info("Plugin {} ({}) is disabled in {}", jar.id(), jar.path(), directory);
        plugins.add(new LoadedPlugin(jar.id(), jar.version(), jar.path(), state, List.of()));
        return;
      }
      if (state != PluginState.RESOLVED) {
        throw new BrokenPluginException("did not start (state " + state + ")");
      }
      long deadline = System.nanoTime() + limit.toNanos();
      start(jar, deadline);
      PluginFactories factories = new PluginFactories(host, jar.id());
      try {
        register(jar, timed(jar, deadline, factories::step, factories::take));
      } catch (ExecutionException e) {
        throw e.getCause() instanceof BrokenPluginException broken
            ? broken
            : new BrokenPluginException(
                "has an extension that cannot be created: "
                    + BrokenPluginException.describe(e.getCause()));
      }
    } catch (BrokenPluginException e) {
      report(jar, e.getMessage());
      if (!host.isAbandoned(jar.id())) {
        host.unload(jar.id());
      }
    }
  }

  private void start(PluginJar jar, long deadline) throws BrokenPluginException {
    try {
      timed(
          jar,
          deadline,
          () -> "its Plugin-Class constructor or start()",
          () -> {
            host.runStartCode(jar.id());
            return null;
          });
    } catch (ExecutionException e) {
      host.failedToStart(jar.id(), e.getCause());
      throw new BrokenPluginException(
          "failed to start: " + BrokenPluginException.describe(e.getCause()));
    }
    host.started(jar.id());
  }

  /**
   * Runs the plugin's {@code code} on a thread of its own until the jar's {@code deadline}. When it
   * does not return by then the plugin is abandoned: its thread is interrupted and left to itself,
   * and {@code step} names what it was doing.
   *
   * @throws ExecutionException with what the code threw
   */
  private <T> T timed(PluginJar jar, long deadline, Supplier<String> step, Callable<T> code)
      throws BrokenPluginException, ExecutionException {
    FutureTask<T> task = new FutureTask<>(code);
    Thread thread = new Thread(task, "pullwarden-plugin-load " + jar.id());
    thread.setDaemon(true);
    thread.start();
    try {
      return task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      String doing = step.get();
      task.cancel(true);
      host.abandon(jar.id());
      throw new BrokenPluginException(
          "did not finish "
              + doing
              + " within "
              + (limit.toMillis() % 1000 == 0 ? limit.toSeconds() + "s" : limit.toMillis() + "ms")
              + ", so it is skipped; a plugin must not wait for anything while it loads (its"
              + " thread is left running: restart the agent once the jar is fixed or removed)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.cancel(true);
      host.abandon(jar.id());
      throw new BrokenPluginException("was not loaded: the agent was interrupted meanwhile");
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
