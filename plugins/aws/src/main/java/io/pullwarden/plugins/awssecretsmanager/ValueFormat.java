package io.pullwarden.plugins.awssecretsmanager;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a secret's value holds the registry credential, as a ref's {@code format} names it. When the
 * ref names none, {@link SecretValueMapping} detects it: a SecretBinary is {@link #BINARY}, a JSON
 * object with an {@code auths} object is {@link #DOCKERCONFIGJSON}, any other JSON object is {@link
 * #JSON}.
 */
enum ValueFormat {
  /** A SecretString JSON object with username, password and optionally server keys. */
  JSON("json"),
  /** A SecretString holding a whole {@code .dockerconfigjson} document. */
  DOCKERCONFIGJSON("dockerconfigjson"),
  /** A SecretBinary holding a whole {@code .dockerconfigjson} document (UTF-8). */
  BINARY("binary");

  private final String text;

  ValueFormat(String text) {
    this.text = text;
  }

  String text() {
    return text;
  }

  static Optional<ValueFormat> of(String text) {
    return Arrays.stream(values())
        .filter(f -> f.text.equals(text.toLowerCase(Locale.ROOT)))
        .findFirst();
  }
}
