package io.pullwarden.plugins.kubernetessecret;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.List;
import java.util.Optional;

/**
 * A registry's {@code ref} for this plugin: which Secret (by name, in the source's namespace) and
 * which of its keys hold the username, password and server. There is deliberately no namespace
 * here: the CredentialSource decides which namespace may be read, so whoever writes a
 * PullSecretSync cannot point the agent at Secrets elsewhere, and RBAC stays one namespace wide.
 *
 * @param path where the ref sits in its resource, for messages
 */
record SecretRef(
    String path,
    String name,
    Optional<String> usernameKey,
    Optional<String> passwordKey,
    Optional<String> serverKey) {

  private static final List<String> FIELDS =
      List.of("name", "usernameKey", "passwordKey", "serverKey");

  static SecretRef parse(Settings ref) throws SourceException.InvalidConfig {
    if (ref.has("namespace")) {
      throw new SourceException.InvalidConfig(
          ref.field("namespace")
              + " is not supported: a kubernetes-secret source reads one namespace; set"
              + " spec.config.namespace on a CredentialSource for that namespace instead");
    }
    for (String key : ref.keys()) {
      if (!FIELDS.contains(key)) {
        throw new SourceException.InvalidConfig(
            ref.field(key) + " is not a kubernetes-secret ref field; use one of " + FIELDS);
      }
    }
    return new SecretRef(
        ref.path(),
        ref.requiredString("name"),
        ref.string("usernameKey"),
        ref.string("passwordKey"),
        ref.string("serverKey"));
  }

  /** The full path of {@code key} in the ref, for messages. */
  String field(String key) {
    return path + "." + key;
  }

  /** Whether the ref names the login keys itself, which then win over {@code .dockerconfigjson}. */
  boolean namesLoginKeys() {
    return usernameKey.isPresent() || passwordKey.isPresent();
  }
}
