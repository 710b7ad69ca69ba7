package io.pullwarden.agent.cli;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code pullwarden render} was asked to do, resolved from flags, environment and defaults.
 *
 * @param file the YAML file with CredentialSource and PullSecretSync manifests (it exists)
 * @param pluginsDirectory where the plugin jars are; pass it to {@code PluginCatalog.load}
 */
public record RenderOptions(Path file, Path pluginsDirectory) {

  public RenderOptions {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(pluginsDirectory, "pluginsDirectory");
  }
}
