package io.pullwarden.plugins.awssecretsmanager;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret;
import io.pullwarden.plugin.SourceException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Turns a secret value into a credential, in the ref's {@code format} or, when it names none, the
 * detected one (see {@link ValueFormat}). A JSON login gives a username and password; a {@code
 * .dockerconfigjson} is passed on whole for the agent to validate. The secret's version id is the
 * credential's version. Errors name the secret, its version and the ref field to change, never a
 * value: a parse error's own text is dropped, because it can quote the input.
 */
final class SecretValueMapping {

  static final String DEFAULT_USERNAME_KEY = "username";
  static final String DEFAULT_PASSWORD_KEY = "password";

  private SecretValueMapping() {}

  static Credential toCredential(SecretValue value, SecretRef ref)
      throws SourceException.InvalidConfig {
    String where = "secret '" + ref.secretId() + "' (version " + value.versionId() + ")";
    ValueFormat format = ref.format().orElseGet(() -> detect(value, ref));
    return switch (format) {
      case BINARY -> {
        byte[] binary =
            value.binary().orElseThrow(() -> wrongShape(where, "has no SecretBinary", ref, format));
        yield dockerConfig(new String(binary, StandardCharsets.UTF_8), where, ref, value);
      }
      case DOCKERCONFIGJSON -> dockerConfig(string(value, where, ref, format), where, ref, value);
      case JSON -> login(string(value, where, ref, format), where, ref, value);
    };
  }

  private static ValueFormat detect(SecretValue value, SecretRef ref) {
    if (ref.namesLoginKeys()) {
      return ValueFormat.JSON;
    }
    if (value.string().isEmpty() && value.binary().isPresent()) {
      return ValueFormat.BINARY;
    }
    Optional<JsonNode> auths =
        value.string().flatMap(SecretValueMapping::parse).flatMap(n -> member(n, "auths"));
    return auths.isPresent() && auths.get().isObject()
        ? ValueFormat.DOCKERCONFIGJSON
        : ValueFormat.JSON;
  }

  private static Credential dockerConfig(
      String text, String where, SecretRef ref, SecretValue value)
      throws SourceException.InvalidConfig {
    Optional<JsonNode> auths = parse(text).flatMap(n -> member(n, "auths"));
    if (auths.isEmpty() || !auths.get().isObject()) {
      throw new SourceException.InvalidConfig(
          where
              + " is not a .dockerconfigjson: expected a JSON object with an \"auths\" object;"
              + " store one, or set "
              + ref.field("format")
              + " to how the value is laid out");
    }
    return Credential.of(new CredentialSecret.DockerConfigJson(text), value.versionId());
  }

  private static Credential login(String text, String where, SecretRef ref, SecretValue value)
      throws SourceException.InvalidConfig {
    JsonNode json = parse(text).filter(JsonNode::isObject).orElse(null);
    if (json == null) {
      throw new SourceException.InvalidConfig(
          where
              + " is not a JSON object; store {\"username\": …, \"password\": …} or a"
              + " .dockerconfigjson, or set "
              + ref.field("format")
              + " to how the value is laid out");
    }
    Map<String, JsonNode> keys = json.asObject();
    String username = key(keys, ref.usernameKey(), DEFAULT_USERNAME_KEY, "usernameKey", where, ref);
    String password = key(keys, ref.passwordKey(), DEFAULT_PASSWORD_KEY, "passwordKey", where, ref);
    Credential credential =
        Credential.of(new CredentialSecret.UsernamePassword(username, password), value.versionId());
    if (ref.serverKey().isEmpty()) {
      return credential;
    }
    return credential.withServer(key(keys, ref.serverKey(), "", "serverKey", where, ref).trim());
  }

  private static String key(
      Map<String, JsonNode> keys,
      Optional<String> chosen,
      String defaultKey,
      String field,
      String where,
      SecretRef ref)
      throws SourceException.InvalidConfig {
    String key = chosen.orElse(defaultKey);
    String hint =
        chosen.isPresent()
            ? " (named by " + ref.field(field) + ")"
            : " (the default; " + ref.field(field) + " names another key)";
    JsonNode node = keys.get(key);
    if (node == null || node.isNull()) {
      throw new SourceException.InvalidConfig(
          where
              + " has no key '"
              + key
              + "'"
              + hint
              + "; its keys are "
              + new TreeSet<>(keys.keySet()));
    }
    if (!node.isString() || node.asString().isBlank()) {
      throw new SourceException.InvalidConfig(
          where + " has no text in key '" + key + "'" + hint + "; it must be a non-empty string");
    }
    return node.asString();
  }

  private static String string(SecretValue value, String where, SecretRef ref, ValueFormat format)
      throws SourceException.InvalidConfig {
    return value.string().orElseThrow(() -> wrongShape(where, "has no SecretString", ref, format));
  }

  private static SourceException.InvalidConfig wrongShape(
      String where, String problem, SecretRef ref, ValueFormat format) {
    return new SourceException.InvalidConfig(
        where
            + " "
            + problem
            + ", but the format is "
            + format.text()
            + "; set "
            + ref.field("format")
            + " to binary for a SecretBinary, or json or dockerconfigjson for a SecretString");
  }

  private static Optional<JsonNode> member(JsonNode node, String key) {
    return node.isObject() ? Optional.ofNullable(node.asObject().get(key)) : Optional.empty();
  }

  /** The parsed document, or empty; the parser's message is dropped since it may quote the text. */
  private static Optional<JsonNode> parse(String text) {
    try {
      return Optional.of(JsonNode.parser().parse(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
