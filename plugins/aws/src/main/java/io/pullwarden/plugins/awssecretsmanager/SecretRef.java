package io.pullwarden.plugins.awssecretsmanager;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.List;
import java.util.Optional;

/**
 * A registry's {@code ref} for this plugin: which secret ({@code secretId}, a name or an ARN),
 * which version (the one carrying {@code versionStage}, AWSCURRENT by default, or a pinned {@code
 * versionId}), how its value is laid out ({@code format}) and, for a JSON login, which keys hold
 * the username, password and server.
 *
 * @param path where the ref sits in its resource, for messages
 */
record SecretRef(
    String path,
    String secretId,
    String versionStage,
    Optional<String> versionId,
    Optional<ValueFormat> format,
    Optional<String> usernameKey,
    Optional<String> passwordKey,
    Optional<String> serverKey) {

  static final String AWSCURRENT = "AWSCURRENT";
  private static final List<String> FIELDS =
      List.of(
          "secretId",
          "versionStage",
          "versionId",
          "format",
          "usernameKey",
          "passwordKey",
          "serverKey");
  private static final List<String> JSON_FIELDS =
      List.of("usernameKey", "passwordKey", "serverKey");

  static SecretRef parse(Settings ref) throws SourceException.InvalidConfig {
    for (String key : ref.keys()) {
      if (!FIELDS.contains(key)) {
        throw new SourceException.InvalidConfig(
            ref.field(key) + " is not an aws-secrets-manager ref field; use one of " + FIELDS);
      }
    }
    String secretId = ref.requiredString("secretId");
    if (secretId.chars().anyMatch(Character::isWhitespace)) {
      throw new SourceException.InvalidConfig(
          ref.field("secretId") + " must be a secret name or ARN, without spaces");
    }
    if (ref.has("versionStage") && ref.has("versionId")) {
      throw new SourceException.InvalidConfig(
          ref.field("versionId")
              + " and "
              + ref.field("versionStage")
              + " are both set; set one of them (versionStage defaults to AWSCURRENT)");
    }
    Optional<ValueFormat> format = format(ref);
    if (format.isPresent() && format.get() != ValueFormat.JSON) {
      for (String key : JSON_FIELDS) {
        if (ref.has(key)) {
          throw new SourceException.InvalidConfig(
              ref.field(key) + " is only used with format json, not " + format.get().text());
        }
      }
    }
    return new SecretRef(
        ref.path(),
        secretId,
        ref.string("versionStage").orElse(AWSCURRENT),
        ref.string("versionId"),
        format,
        ref.string("usernameKey"),
        ref.string("passwordKey"),
        ref.string("serverKey"));
  }

  private static Optional<ValueFormat> format(Settings ref) throws SourceException.InvalidConfig {
    Optional<String> text = ref.string("format");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        ValueFormat.of(text.get())
            .orElseThrow(
                () ->
                    new SourceException.InvalidConfig(
                        ref.field("format")
                            + " must be json, dockerconfigjson or binary (or omitted to detect"
                            + " it), not '"
                            + text.get()
                            + "'")));
  }

  /** The full path of {@code key} in the ref, for messages. */
  String field(String key) {
    return path + "." + key;
  }

  /** Whether the ref names login keys, which makes the value a JSON login. */
  boolean namesLoginKeys() {
    return usernameKey.isPresent() || passwordKey.isPresent() || serverKey.isPresent();
  }

  /** How the ref picks a version, for messages: {@code stage AWSCURRENT} or {@code version id}. */
  String versionChoice() {
    return versionId.map(id -> "version " + id).orElse("stage " + versionStage);
  }
}
