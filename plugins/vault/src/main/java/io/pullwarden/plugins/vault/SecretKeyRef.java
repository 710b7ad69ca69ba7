package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.util.List;
import java.util.TreeSet;

/**
 * One key of a Secret in the agent's namespace that holds login material (a token, an AppRole
 * secret ID, a CA bundle). It is read again on every login, so rotating the Secret needs no
 * restart, and errors name the Secret, the key and the field that chose them, never the value.
 *
 * @param field the full path of this reference in the resource, for messages
 */
record SecretKeyRef(String field, String name, String key) {

  private static final List<String> FIELDS = List.of("name", "key");

  /** Parses {@code {name, key}}; both are required. */
  static SecretKeyRef parse(Settings ref) throws SourceException.InvalidConfig {
    SettingsCheck.onlyKnown(ref, FIELDS);
    return new SecretKeyRef(ref.path(), ref.requiredString("name"), ref.requiredString("key"));
  }

  /** The value, trimmed; a missing Secret, key or empty value is an {@code InvalidConfig}. */
  String read(SourceContext context) throws SourceException {
    String namespace = context.secrets().agentNamespace();
    String where = "Secret " + namespace + "/" + name;
    var secret =
        context
            .secrets()
            .get(namespace, name)
            .orElseThrow(
                () ->
                    new SourceException.InvalidConfig(
                        where + " (named by " + field + ".name) does not exist; create it"));
    String value =
        secret
            .text(key)
            .orElseThrow(
                () ->
                    new SourceException.InvalidConfig(
                        where
                            + " has no key '"
                            + key
                            + "' (named by "
                            + field
                            + ".key); its keys are "
                            + new TreeSet<>(secret.data().keySet())));
    if (value.isBlank()) {
      throw new SourceException.InvalidConfig(
          where + " has an empty value for key '" + key + "' (named by " + field + ".key)");
    }
    return value.trim();
  }

  @Override
  public String toString() {
    return "SecretKeyRef[" + name + "/" + key + "]";
  }
}
