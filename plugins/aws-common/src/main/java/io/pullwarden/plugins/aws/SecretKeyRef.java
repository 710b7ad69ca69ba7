package io.pullwarden.plugins.aws;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One key of a Secret in the agent's namespace, such as {@code {name: aws-keys, key:
 * access-key-id}}: where login material lives, so that no key is ever written into a custom
 * resource. {@code field} is where the reference sits in the CredentialSource, for messages.
 */
public record SecretKeyRef(String field, String name, String key) {

  private static final Pattern SECRET_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  /**
   * @throws SourceException.InvalidConfig naming the field that is missing or malformed
   */
  static SecretKeyRef parse(Settings parent, String name) throws SourceException.InvalidConfig {
    Settings ref = parent.requiredObject(name);
    for (String field : ref.keys()) {
      if (!List.of("name", "key").contains(field)) {
        throw new SourceException.InvalidConfig(
            ref.field(field) + " is not a Secret key reference field; use name and key");
      }
    }
    String secret = ref.requiredString("name");
    if (secret.length() > 253 || !SECRET_NAME.matcher(secret).matches()) {
      throw new SourceException.InvalidConfig(
          ref.field("name") + " must be a Secret name (lower-case letters, digits, '-' and '.')");
    }
    String key = ref.requiredString("key");
    if (!SECRET_KEY.matcher(key).matches()) {
      throw new SourceException.InvalidConfig(
          ref.field("key") + " must be a Secret key (letters, digits, '-', '_' and '.')");
    }
    return new SecretKeyRef(ref.path(), secret, key);
  }
}
