package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.CredentialSecret;
import io.pullwarden.plugin.SourceException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns the data of a Vault secret into credential material by its {@link FieldMapping}. Errors
 * name the secret, the key and the ref field that chose it, and list the keys the secret does have
 * — never a value.
 */
final class CredentialMapping {

  private CredentialMapping() {}

  static CredentialSecret secret(Map<String, Object> data, FieldMapping fields, String secret)
      throws SourceException.InvalidConfig {
    if (fields.dockerConfigKey().isPresent()) {
      String key = fields.dockerConfigKey().get();
      Object value = data.get(key);
      if (value instanceof Map<?, ?> document) {
        return new CredentialSecret.DockerConfigJson(JsonValues.text(document));
      }
      return new CredentialSecret.DockerConfigJson(
          text(data, key, " (named by " + fields.field("dockerConfigKey") + ")", secret));
    }
    return new CredentialSecret.UsernamePassword(
        text(
            data,
            fields,
            fields.usernameKey(),
            FieldMapping.DEFAULT_USERNAME_KEY,
            "usernameKey",
            secret),
        text(
            data,
            fields,
            fields.passwordKey(),
            FieldMapping.DEFAULT_PASSWORD_KEY,
            "passwordKey",
            secret));
  }

  static Optional<String> server(Map<String, Object> data, FieldMapping fields, String secret)
      throws SourceException.InvalidConfig {
    if (fields.serverKey().isEmpty()) {
      return Optional.empty();
    }
    String hint = " (named by " + fields.field("serverKey") + ")";
    return Optional.of(text(data, fields.serverKey().get(), hint, secret).strip());
  }

  private static String text(
      Map<String, Object> data,
      FieldMapping fields,
      Optional<String> chosen,
      String defaultKey,
      String field,
      String secret)
      throws SourceException.InvalidConfig {
    String hint =
        chosen.isPresent()
            ? " (named by " + fields.field(field) + ")"
            : " (the default; " + fields.field(field) + " names another key)";
    return text(data, chosen.orElse(defaultKey), hint, secret);
  }

  private static String text(Map<String, Object> data, String key, String hint, String secret)
      throws SourceException.InvalidConfig {
    Object value = data.get(key);
    if (value == null) {
      throw new SourceException.InvalidConfig(
          secret
              + " has no key '"
              + key
              + "'"
              + hint
              + "; its keys are "
              + new TreeSet<>(data.keySet()));
    }
    if (!(value instanceof String text)) {
      throw new SourceException.InvalidConfig(
          secret
              + " holds a non-text value under key '"
              + key
              + "'"
              + hint
              + "; store it as a string");
    }
    if (text.isBlank()) {
      throw new SourceException.InvalidConfig(
          secret + " has an empty value for key '" + key + "'" + hint);
    }
    return text;
  }
}
