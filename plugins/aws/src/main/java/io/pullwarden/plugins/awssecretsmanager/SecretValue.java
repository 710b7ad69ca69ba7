package io.pullwarden.plugins.awssecretsmanager;

import java.util.Optional;

/**
 * One version of a secret as {@code GetSecretValue} returns it: its version id and either the
 * SecretString or the SecretBinary. {@link #toString()} shows neither.
 */
record SecretValue(String versionId, Optional<String> string, Optional<byte[]> binary) {

  @Override
  public String toString() {
    return "SecretValue[versionId="
        + versionId
        + ", string="
        + string.isPresent()
        + ", binary="
        + binary.isPresent()
        + "]";
  }
}
