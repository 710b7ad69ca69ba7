package io.pullwarden.plugins.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.SourceException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

class SecretKeysCredentialsTest {

  private final MapClusterSecrets secrets = new MapClusterSecrets();
  private final SecretKeysCredentials credentials =
      new SecretKeysCredentials(
          new StaticKeys(
              new SecretKeyRef("spec.config.auth.accessKeyIdRef", "aws-keys", "id"),
              new SecretKeyRef("spec.config.auth.secretAccessKeyRef", "aws-keys", "secret")),
          secrets);

  @Test
  void readsTheKeysOnEveryResolveSoARotationIsUsedAtOnce() {
    secrets.put("aws-keys", Map.of("id", "AKIA-ONE", "secret", "s3cr3t-one\n"));
    AwsCredentials first = credentials.resolveCredentials();
    secrets.put("aws-keys", Map.of("id", "AKIA-TWO", "secret", "s3cr3t-two"));
    AwsCredentials second = credentials.resolveCredentials();

    assertThat(first.accessKeyId()).isEqualTo("AKIA-ONE");
    assertThat(first.secretAccessKey()).isEqualTo("s3cr3t-one");
    assertThat(second.accessKeyId()).isEqualTo("AKIA-TWO");
    assertThat(credentials.toString()).doesNotContain("AKIA").doesNotContain("s3cr3t");
  }

  @Test
  void missingSecretIsAuthFailedNamingTheField() {
    assertThatThrownBy(credentials::resolveCredentials)
        .isInstanceOfSatisfying(
            LoginMaterialException.class,
            e ->
                assertThat(e.outcome())
                    .isInstanceOf(SourceException.AuthFailed.class)
                    .hasMessage(
                        "Secret pullwarden/aws-keys (named by spec.config.auth.accessKeyIdRef)"
                            + " does not exist; create it with the AWS access key"));
  }

  @Test
  void missingOrEmptyKeyListsTheKeysButNoValue() {
    secrets.put("aws-keys", Map.of("id", "AKIA-ONE", "secrets", "s3cr3t-one", "secret", " "));

    assertThatThrownBy(credentials::resolveCredentials)
        .isInstanceOfSatisfying(
            LoginMaterialException.class,
            e ->
                assertThat(e.outcome())
                    .hasMessageContaining("spec.config.auth.secretAccessKeyRef")
                    .hasMessageContaining("no value for key 'secret'")
                    .hasMessageContaining("[id, secret, secrets]")
                    .hasMessageNotContaining("s3cr3t")
                    .hasMessageNotContaining("AKIA"));
  }
}
