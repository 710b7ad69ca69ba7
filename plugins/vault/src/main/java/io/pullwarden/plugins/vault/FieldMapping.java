package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.Optional;

/**
 * Which keys of a Vault secret make the credential: a username and a password ({@code
 * usernameKey}/{@code passwordKey}, defaulting to {@code username}/{@code password}), or one key
 * holding a whole {@code .dockerconfigjson} ({@code dockerConfigKey}); plus, optionally, a key
 * holding the registry host ({@code serverKey}).
 *
 * @param path where the ref sits in its resource, for messages
 */
record FieldMapping(
    String path,
    Optional<String> usernameKey,
    Optional<String> passwordKey,
    Optional<String> dockerConfigKey,
    Optional<String> serverKey) {

  static final String DEFAULT_USERNAME_KEY = "username";
  static final String DEFAULT_PASSWORD_KEY = "password";

  static FieldMapping parse(Settings ref) throws SourceException.InvalidConfig {
    FieldMapping mapping =
        new FieldMapping(
            ref.path(),
            ref.string("usernameKey"),
            ref.string("passwordKey"),
            ref.string("dockerConfigKey"),
            ref.string("serverKey"));
    if (mapping.dockerConfigKey.isPresent()
        && (mapping.usernameKey.isPresent() || mapping.passwordKey.isPresent())) {
      throw new SourceException.InvalidConfig(
          ref.field("dockerConfigKey")
              + " takes a whole docker config; drop "
              + ref.field(mapping.usernameKey.isPresent() ? "usernameKey" : "passwordKey")
              + " or "
              + ref.field("dockerConfigKey"));
    }
    return mapping;
  }

  /** The full path of {@code key} in the ref, for messages. */
  String field(String key) {
    return path + "." + key;
  }
}
