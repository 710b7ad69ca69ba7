package io.pullwarden.agent.plugins;

import io.pullwarden.agent.source.SourceFactories;
import io.pullwarden.plugin.CredentialSourceFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credential source types this agent can serve, each backed by the plugin jar that provides it.
 * The catalog loads every jar in the plugins directory with PF4J, takes {@link
 * CredentialSourceFactory} extensions from those plugins only (never from the agent's own class
 * path), skips and reports broken jars so that one bad plugin does not take the others down, and
 * refuses to start when two plugins claim the same type. Once loaded it does not change, and may be
 * shared between threads.
 */
public final class PluginCatalog implements SourceFactories, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PluginCatalog.class);

  /**
   * How long one jar's own code may take to load (its Plugin class and its extensions'
   * constructors); a jar that takes longer is skipped (docs/adr/0012).
   */
  public static final Duration LOAD_LIMIT = Duration.ofSeconds(10);

  private final Path directory;
  private final PluginHost host; // null when there was nothing to load
  private final Map<String, CredentialSourceFactory> factories;
  private final List<LoadedPlugin> plugins;
  private final List<PluginProblem> problems;

  PluginCatalog(
      Path directory,
      PluginHost host,
      Map<String, CredentialSourceFactory> factories,
      List<LoadedPlugin> plugins,
      List<PluginProblem> problems) {
    this.directory = directory;
    this.host = host;
    this.factories = Map.copyOf(factories);
    this.plugins = List.copyOf(plugins);
    this.problems = List.copyOf(problems);
  }

  /**
   * Loads and starts the plugin jars in {@code directory}. A missing or empty directory gives an
   * empty catalog; broken jars, and jars whose code takes longer than {@link #LOAD_LIMIT}, are
   * skipped and listed in {@link #problems()}.
   *
   * @throws PluginConflictException when two plugins serve the same type or share a plugin id
   * @throws UncheckedIOException when the directory cannot be listed
   */
  public static PluginCatalog load(Path directory) {
    return load(directory, LOAD_LIMIT);
  }

  /** As {@link #load(Path)}, giving each jar's code {@code limit} to load. */
  public static PluginCatalog load(Path directory, Duration limit) {
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      log.warn(
          "Plugins directory {} does not exist; no credential source types are available", dir);
      return new PluginCatalog(dir, null, Map.of(), List.of(), List.of());
    }
    List<Path> jars = jarsIn(dir);
    if (jars.isEmpty()) {
      log.warn("Plugins directory {} has no jars; no credential source types are available", dir);
      return new PluginCatalog(dir, null, Map.of(), List.of(), List.of());
    }
    return new CatalogLoad(dir, new PluginHost(dir), limit).load(jars);
  }

  /**
   * Where the agent looks for plugins unless told otherwise: {@code plugins/} next to the agent
   * jar, as the distribution lays it out; {@code plugins/} in the working directory when the agent
   * runs from a classes directory (an IDE or a test).
   */
  public static Path defaultDirectory() {
    try {
      CodeSource source = PluginCatalog.class.getProtectionDomain().getCodeSource();
      if (source != null && source.getLocation() != null) {
        Path location = Path.of(source.getLocation().toURI());
        if (Files.isRegularFile(location)) {
          return location.toAbsolutePath().getParent().resolve("plugins");
        }
      }
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      log.debug("Cannot tell where the agent jar is; using ./plugins", e);
    }
    return Path.of("plugins").toAbsolutePath();
  }

  /** The factory serving {@code type}, the {@code spec.type} of a CredentialSource. */
  @Override
  public Optional<CredentialSourceFactory> factory(String type) {
    return Optional.ofNullable(factories.get(type));
  }

  /** Every type some plugin serves, sorted, for messages such as "no plugin serves 'x'". */
  @Override
  public Set<String> types() {
    return new TreeSet<>(factories.keySet());
  }

  /** The directory the plugins were loaded from (absolute). */
  public Path directory() {
    return directory;
  }

  /** The plugins that loaded, in jar file order. */
  public List<LoadedPlugin> plugins() {
    return plugins;
  }

  /** The jars that were skipped, and why. */
  public List<PluginProblem> problems() {
    return problems;
  }

  /** Stops and unloads every plugin; the factories must not be used afterwards. */
  @Override
  public void close() {
    if (host == null) {
      return;
    }
    try {
      host.unloadAll();
    } catch (RuntimeException e) {
      log.warn("Unloading the plugins from {} failed", directory, e);
    }
  }

  private static List<Path> jarsIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the plugins directory " + dir, e);
    }
  }
}
