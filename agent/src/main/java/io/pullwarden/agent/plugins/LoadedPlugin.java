package io.pullwarden.agent.plugins;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.pf4j.PluginState;

/**
 * A plugin the catalog loaded, as operators need to see it: which jar it came from, its PF4J state
 * and the CredentialSource types it serves. Plugins that failed are not here but in {@link
 * PluginCatalog#problems()}.
 *
 * @param id the manifest's {@code Plugin-Id}
 * @param version the manifest's {@code Plugin-Version}
 * @param jar the plugin jar
 * @param state {@code STARTED}, or {@code DISABLED} when the plugins directory disables it
 * @param types the {@code spec.type} values it serves, sorted
 */
public record LoadedPlugin(
    String id, String version, Path jar, PluginState state, List<String> types) {

  public LoadedPlugin {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(jar, "jar");
    Objects.requireNonNull(state, "state");
    types = types.stream().sorted().toList();
  }
}
