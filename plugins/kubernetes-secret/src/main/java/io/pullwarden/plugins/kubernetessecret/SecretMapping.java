package io.pullwarden.plugins.kubernetessecret;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret;
import io.pullwarden.plugin.SecretData;
import io.pullwarden.plugin.SourceException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns a Secret into a credential: a {@code .dockerconfigjson} is passed on whole, otherwise the
 * username and password keys are read; login keys the ref names itself win over a docker config.
 * The Secret's resourceVersion is the credential's version. Values are read as strict UTF-8. Errors
 * name the Secret, the key and the ref field that chooses it, never a value.
 */
final class SecretMapping {

  static final String DOCKER_CONFIG_KEY = ".dockerconfigjson";
  static final String DEFAULT_USERNAME_KEY = "username";
  static final String DEFAULT_PASSWORD_KEY = "password";

  private SecretMapping() {}

  static Credential toCredential(SecretData secret, SecretRef ref)
      throws SourceException.InvalidConfig {
    CredentialSecret material;
    if (!ref.namesLoginKeys() && secret.data().containsKey(DOCKER_CONFIG_KEY)) {
      material = new CredentialSecret.DockerConfigJson(value(secret, DOCKER_CONFIG_KEY, ""));
    } else {
      material =
          new CredentialSecret.UsernamePassword(
              value(secret, ref, ref.usernameKey(), DEFAULT_USERNAME_KEY, "usernameKey"),
              value(secret, ref, ref.passwordKey(), DEFAULT_PASSWORD_KEY, "passwordKey"));
    }
    Credential credential = Credential.of(material, secret.resourceVersion());
    Optional<String> serverKey = ref.serverKey();
    if (serverKey.isEmpty()) {
      return credential;
    }
    String named = " (named by " + ref.field("serverKey") + ")";
    return credential.withServer(value(secret, serverKey.get(), named).trim());
  }

  private static String value(
      SecretData secret, SecretRef ref, Optional<String> chosen, String defaultKey, String field)
      throws SourceException.InvalidConfig {
    String hint =
        chosen.isPresent()
            ? " (named by " + ref.field(field) + ")"
            : " (the default; " + ref.field(field) + " names another key)";
    return value(secret, chosen.orElse(defaultKey), hint);
  }

  private static String value(SecretData secret, String key, String hint)
      throws SourceException.InvalidConfig {
    String where = "Secret " + secret.namespace() + "/" + secret.name();
    Optional<String> value = text(secret, key, where, hint);
    if (value.isEmpty()) {
      throw new SourceException.InvalidConfig(
          where
              + " has no key '"
              + key
              + "'"
              + hint
              + "; its keys are "
              + new TreeSet<>(secret.data().keySet()));
    }
    if (value.get().isBlank()) {
      throw new SourceException.InvalidConfig(
          where + " has an empty value for key '" + key + "'" + hint);
    }
    return value.get();
  }

  /**
   * The value of {@code key} decoded strictly: a lenient decoder would turn bytes that are not
   * UTF-8 into U+FFFD and hand the registry a different password than the one stored.
   */
  private static Optional<String> text(SecretData secret, String key, String where, String hint)
      throws SourceException.InvalidConfig {
    byte[] bytes = secret.data().get(key);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      throw new SourceException.InvalidConfig(
          where
              + " has a value for key '"
              + key
              + "' that is not valid UTF-8"
              + hint
              + "; store it as UTF-8 text");
    }
  }
}
