package io.pullwarden.plugins.awssecretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretRefTest {

  @Test
  void defaultsToAwsCurrentAndDetection() throws Exception {
    SecretRef ref =
        SecretRef.parse(
            Settings.of("r", Map.of("secretId", "arn:aws:secretsmanager:eu-west-1:1:secret:x")));

    assertThat(ref.versionStage()).isEqualTo("AWSCURRENT");
    assertThat(ref.versionId()).isEmpty();
    assertThat(ref.format()).isEmpty();
    assertThat(ref.versionChoice()).isEqualTo("stage AWSCURRENT");
  }

  @Test
  void readsFormatCaseInsensitively() throws Exception {
    assertThat(
            SecretRef.parse(Settings.of("r", Map.of("secretId", "x", "format", "JSON"))).format())
        .isEqualTo(Optional.of(ValueFormat.JSON));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          format=yaml          | r.format must be json, dockerconfigjson or binary
          versionId=v1         | r.versionId and r.versionStage are both set
          format=binary        | r.usernameKey is only used with format json, not binary
          secretid=x           | r.secretid is not an aws-secrets-manager ref field
          """)
  void rejectsBadRefsByField(String extra, String message) {
    String[] pair = extra.split("=");
    Map<String, Object> values =
        switch (pair[0]) {
          case "versionId" ->
              Map.of("secretId", "x", "versionStage", "AWSCURRENT", "versionId", "v1");
          case "format" ->
              pair[1].equals("binary")
                  ? Map.of("secretId", "x", "format", "binary", "usernameKey", "u")
                  : Map.of("secretId", "x", "format", pair[1]);
          default -> Map.of("secretId", "x", pair[0], pair[1]);
        };

    assertThatThrownBy(() -> SecretRef.parse(Settings.of("r", values)))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void secretIdIsRequiredAndHasNoSpaces() {
    assertThatThrownBy(() -> SecretRef.parse(Settings.of("r", Map.of())))
        .hasMessage("r.secretId is required");
    assertThatThrownBy(() -> SecretRef.parse(Settings.of("r", Map.of("secretId", "a b"))))
        .hasMessageStartingWith("r.secretId must be a secret name or ARN");
  }
}
