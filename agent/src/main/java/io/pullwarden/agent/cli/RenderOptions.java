package io.pullwarden.agent.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code pullwarden render} was asked to do, resolved from flags, environment and defaults.
 *
 * @param file the YAML file with CredentialSource and PullSecretSync manifests (it exists)
 * @param pluginsDirectory where the plugin jars are; pass it to {@code PluginCatalog.load}
 * @param pluginLoadLimit how long each jar's code may take to load
 */
public record RenderOptions(Path file, Path pluginsDirectory, Duration pluginLoadLimit) {

  public RenderOptions {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(pluginsDirectory, "pluginsDirectory");
    Objects.requireNonNull(pluginLoadLimit, "pluginLoadLimit");
  }
}
