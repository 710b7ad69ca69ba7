package io.pullwarden.plugins.awssecretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.DockerConfigJson;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretValueMappingTest {

  private static final String REF = "spec.registries[0].ref";
  private static final String DOCKER_CONFIG =
      "{\"auths\":{\"registry.example.com\":{\"auth\":\"cm9ib3Q6aHVudGVyMg==\"}}}";

  @Test
  void jsonLoginWithDefaultKeys() throws Exception {
    Credential credential =
        map(text("{\"username\":\"robot\",\"password\":\"hunter2-value\"}"), Map.of());

    assertThat(credential.secret()).isEqualTo(new UsernamePassword("robot", "hunter2-value"));
    assertThat(credential.version()).isEqualTo("v1");
    assertThat(credential.server()).isEmpty();
  }

  @Test
  void jsonLoginWithNamedKeysAndServer() throws Exception {
    Credential credential =
        map(
            text("{\"user\":\"robot\",\"token\":\"hunter2-value\",\"host\":\" r.example.com \"}"),
            Map.of("usernameKey", "user", "passwordKey", "token", "serverKey", "host"));

    assertThat(credential.secret()).isEqualTo(new UsernamePassword("robot", "hunter2-value"));
    assertThat(credential.server()).contains("r.example.com");
  }

  @Test
  void dockerConfigStringIsDetectedAndPassedOnWhole() throws Exception {
    assertThat(map(text(DOCKER_CONFIG), Map.of()).secret())
        .isEqualTo(new DockerConfigJson(DOCKER_CONFIG));
    assertThat(map(text(DOCKER_CONFIG), Map.of("format", "dockerconfigjson")).secret())
        .isEqualTo(new DockerConfigJson(DOCKER_CONFIG));
  }

  @Test
  void binaryIsDetectedAndReadAsADockerConfig() throws Exception {
    SecretValue binary =
        new SecretValue(
            "v1", Optional.empty(), Optional.of(DOCKER_CONFIG.getBytes(StandardCharsets.UTF_8)));

    assertThat(map(binary, Map.of()).secret()).isEqualTo(new DockerConfigJson(DOCKER_CONFIG));
    assertThat(map(binary, Map.of("format", "binary")).secret())
        .isEqualTo(new DockerConfigJson(DOCKER_CONFIG));
  }

  @Test
  void namingALoginKeyMakesADockerConfigAJsonLogin() {
    assertThatThrownBy(() -> map(text(DOCKER_CONFIG), Map.of("usernameKey", "user")))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageContaining("has no key 'user' (named by " + REF + ".usernameKey)")
        .hasMessageContaining("its keys are [auths]");
  }

  @Test
  void malformedJsonNamesTheSecretVersionAndFormatFieldButQuotesNothing() {
    assertThatThrownBy(() -> map(text("{\"password\": \"hunter2-value"), Map.of()))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageStartingWith("secret 'reg' (version v1) is not a JSON object")
        .hasMessageContaining(REF + ".format")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> map(text("hunter2-value"), Map.of("format", "dockerconfigjson")))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageContaining("is not a .dockerconfigjson")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void missingOrEmptyKeysNameTheRefField() {
    assertThatThrownBy(
            () -> map(text("{\"username\":\"robot\",\"pass\":\"hunter2-value\"}"), Map.of()))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessage(
            "secret 'reg' (version v1) has no key 'password' (the default; "
                + REF
                + ".passwordKey names another key); its keys are [pass, username]");
    assertThatThrownBy(() -> map(text("{\"username\":\"robot\",\"password\":42}"), Map.of()))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageContaining("no text in key 'password'");
    assertThatThrownBy(
            () ->
                map(
                    text("{\"username\":\"robot\",\"password\":\"p\"}"),
                    Map.of("serverKey", "host")))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageContaining("no key 'host' (named by " + REF + ".serverKey)");
  }

  @Test
  void aFormatThatDoesNotMatchTheValueSaysWhichToUse() {
    assertThatThrownBy(() -> map(text(DOCKER_CONFIG), Map.of("format", "binary")))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageContaining("has no SecretBinary, but the format is binary")
        .hasMessageContaining(REF + ".format");
  }

  private static SecretValue text(String value) {
    return new SecretValue("v1", Optional.of(value), Optional.empty());
  }

  private static Credential map(SecretValue value, Map<String, Object> ref) throws Exception {
    Map<String, Object> values = new java.util.HashMap<>(ref);
    values.put("secretId", "reg");
    return SecretValueMapping.toCredential(value, SecretRef.parse(Settings.of(REF, values)));
  }
}
