package io.pullwarden.plugins.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.plugin.CredentialSourceFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;

/**
 * The built plugin jar loaded by PF4J as the agent loads it, so a test can open a session through
 * the plugin's own class loader and prove the bundled SDK works there (HTTP client, STS, signing),
 * not only on the test class path.
 */
public final class LoadedPluginJar implements AutoCloseable {

  private final PluginManager manager;
  private final CredentialSourceFactory factory;

  private LoadedPluginJar(PluginManager manager, CredentialSourceFactory factory) {
    this.manager = manager;
    this.factory = factory;
  }

  /**
   * Loads the jar Failsafe names in {@code pullwarden.plugin.jar} from a copy in {@code dir} and
   * takes its factory of {@code type}.
   */
  public static LoadedPluginJar load(Path dir, String type) throws IOException {
    Path jar = Path.of(System.getProperty("pullwarden.plugin.jar"));
    Files.copy(jar, dir.resolve(jar.getFileName()));
    PluginManager manager = new DefaultPluginManager(dir);
    manager.loadPlugins();
    manager.startPlugins();
    List<CredentialSourceFactory> factories =
        manager.getExtensions(
            CredentialSourceFactory.class, System.getProperty("pullwarden.plugin.id"));
    CredentialSourceFactory factory =
        factories.stream().filter(f -> f.type().equals(type)).findFirst().orElseThrow();
    assertThat(factory.getClass().getClassLoader())
        .as("the factory comes from the plugin's class loader")
        .isNotSameAs(LoadedPluginJar.class.getClassLoader());
    return new LoadedPluginJar(manager, factory);
  }

  public CredentialSourceFactory factory() {
    return factory;
  }

  @Override
  public void close() {
    manager.unloadPlugins();
  }
}
