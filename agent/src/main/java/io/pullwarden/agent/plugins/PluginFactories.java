package io.pullwarden.agent.plugins;

import io.pullwarden.plugin.CredentialSourceFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pf4j.PluginWrapper;

/**
 * Takes the {@link CredentialSourceFactory} extensions of one started plugin, checking what PF4J
 * would only log: an indexed extension class that cannot be loaded, a constructor that throws, a
 * {@code type()} that throws or is blank, a plugin with no factory at all. Any of these makes the
 * whole plugin unusable, so the catalog skips it rather than serve part of it. {@link #step()} says
 * which of the plugin's code runs, for when it does not return.
 */
final class PluginFactories {

  private final PluginHost host;
  private final String pluginId;
  private volatile String step = "checking its extension index";
  private volatile Set<String> classNames = Set.of();

  PluginFactories(PluginHost host, String pluginId) {
    this.host = host;
    this.pluginId = pluginId;
  }

  /** The plugin's factories by type. */
  Map<String, CredentialSourceFactory> take() throws BrokenPluginException {
    PluginWrapper plugin = host.getPlugin(pluginId);
    Set<String> indexed = host.getExtensionClassNames(pluginId);
    classNames = Set.copyOf(indexed);
    for (String className : indexed) {
      try {
        Class.forName(className, false, plugin.getPluginClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new BrokenPluginException(
            "lists extension "
                + className
                + " in META-INF/extensions.idx, but it cannot be loaded: "
                + BrokenPluginException.describe(e));
      }
    }
    host.takeExtensionFailures();
    step = null;
    List<CredentialSourceFactory> extensions;
    try {
      // Per plugin id: only this plugin's index is read, never the agent's class path.
      extensions = host.getExtensions(CredentialSourceFactory.class, pluginId);
    } catch (RuntimeException | LinkageError e) {
      throw new BrokenPluginException(
          "has an extension that cannot be created: " + BrokenPluginException.describe(e));
    }
    Map<String, Throwable> failures = host.takeExtensionFailures();
    if (!failures.isEmpty()) {
      Map.Entry<String, Throwable> first = failures.entrySet().iterator().next();
      throw new BrokenPluginException(
          "has extension "
              + first.getKey()
              + " that cannot be created: "
              + BrokenPluginException.describe(first.getValue()));
    }
    if (extensions.isEmpty()) {
      throw new BrokenPluginException(
          "has no "
              + CredentialSourceFactory.class.getSimpleName()
              + " extension; check its META-INF/extensions.idx, and that it does not bundle"
              + " pullwarden-plugin-api (that must be a provided dependency)");
    }
    Map<String, CredentialSourceFactory> byType = new LinkedHashMap<>();
    for (CredentialSourceFactory factory : extensions) {
      step = "type() of " + factory.getClass().getName();
      String type = typeOf(factory);
      CredentialSourceFactory twin = byType.putIfAbsent(type, factory);
      if (twin != null) {
        throw new BrokenPluginException(
            "serves type '"
                + type
                + "' twice, from "
                + twin.getClass().getName()
                + " and "
                + factory.getClass().getName());
      }
    }
    return byType;
  }

  /** The plugin code running now, such as {@code the constructor of x.Factory0}. */
  String step() {
    String current = step;
    if (current != null) {
      return current;
    }
    String extension = host.creating();
    return classNames.contains(extension)
        ? "the constructor of " + extension
        : "creating its extensions";
  }

  private static String typeOf(CredentialSourceFactory factory) throws BrokenPluginException {
    String type;
    try {
      type = factory.type();
    } catch (RuntimeException | LinkageError e) {
      throw new BrokenPluginException(
          "has extension "
              + factory.getClass().getName()
              + " whose type() fails: "
              + BrokenPluginException.describe(e));
    }
    if (type == null || type.isBlank()) {
      throw new BrokenPluginException(
          "has extension " + factory.getClass().getName() + " whose type() is blank");
    }
    return type;
  }
}
