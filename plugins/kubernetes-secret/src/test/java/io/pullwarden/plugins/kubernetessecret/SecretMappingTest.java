package io.pullwarden.plugins.kubernetessecret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.DockerConfigJson;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.SecretData;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.testkit.InMemorySecrets;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMappingTest {

  private static final String REF_PATH = "spec.registries[0].ref";
  private static final String DOCKER_CONFIG = "{\"auths\":{\"registry.example.com\":{}}}";

  private final InMemorySecrets secrets = new InMemorySecrets("pullwarden");

  @Test
  void readsUsernameAndPasswordFromTheDefaultKeys() throws Exception {
    Credential credential =
        map(Map.of("username", "robot", "password", "hunter2-value"), Map.of("name", "central"));

    assertThat(credential.secret()).isEqualTo(new UsernamePassword("robot", "hunter2-value"));
    assertThat(credential.server()).isEmpty();
  }

  @Test
  void readsTheKeysAndServerTheRefNames() throws Exception {
    Credential credential =
        map(
            Map.of("user", "robot", "token", "hunter2-value", "registry", " ghcr.io\n"),
            Map.of(
                "name",
                "central",
                "usernameKey",
                "user",
                "passwordKey",
                "token",
                "serverKey",
                "registry"));

    assertThat(credential.secret()).isEqualTo(new UsernamePassword("robot", "hunter2-value"));
    assertThat(credential.server()).contains("ghcr.io");
  }

  @Test
  void passesADockerConfigOnWhole() throws Exception {
    Credential credential =
        map(Map.of(".dockerconfigjson", DOCKER_CONFIG), Map.of("name", "central"));

    assertThat(credential.secret()).isEqualTo(new DockerConfigJson(DOCKER_CONFIG));
  }

  @Test
  void loginKeysTheRefNamesWinOverADockerConfig() throws Exception {
    Credential credential =
        map(
            Map.of(
                ".dockerconfigjson", DOCKER_CONFIG, "user", "robot", "password", "hunter2-value"),
            Map.of("name", "central", "usernameKey", "user"));

    assertThat(credential.secret()).isEqualTo(new UsernamePassword("robot", "hunter2-value"));
  }

  @Test
  void versionIsTheResourceVersion() throws Exception {
    SecretData secret =
        secrets.put("central-ns", "central", Map.of("username", "a", "password", "b"));

    Credential credential = SecretMapping.toCredential(secret, ref(Map.of("name", "central")));

    assertThat(credential.version()).isEqualTo(secret.resourceVersion());
  }

  @Test
  void missingKeyNamesTheSecretTheKeyAndTheRefFieldButNoValue() {
    assertThatThrownBy(
            () ->
                map(
                    Map.of("username", "robot", "pass", "hunter2-value"),
                    Map.of("name", "central")))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageContaining("Secret central-ns/central has no key 'password'")
        .hasMessageContaining(REF_PATH + ".passwordKey")
        .hasMessageContaining("[pass, username]")
        .hasMessageNotContaining("hunter2-value");
  }

  @Test
  void missingServerKeyIsNamed() {
    assertThatThrownBy(
            () ->
                map(
                    Map.of("username", "robot", "password", "hunter2-value"),
                    Map.of("name", "central", "serverKey", "registry")))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageContaining("no key 'registry' (named by " + REF_PATH + ".serverKey)");
  }

  @Test
  void emptyPasswordIsRejectedWithoutShowingAnything() {
    assertThatThrownBy(
            () -> map(Map.of("username", "robot", "password", "  "), Map.of("name", "central")))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageContaining("empty value for key 'password'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"username", "password", ".dockerconfigjson"})
  void aValueThatIsNotUtf8IsNamedByKeyWithoutShowingIt(String key) {
    Map<String, byte[]> data = new HashMap<>();
    data.put("username", "robot".getBytes(StandardCharsets.UTF_8));
    data.put("password", "hunter2-value".getBytes(StandardCharsets.UTF_8));
    // "hunter2-" then a lone continuation byte and an overlong encoding of '/'.
    data.put(
        key,
        new byte[] {'h', 'u', 'n', 't', 'e', 'r', '2', '-', (byte) 0x80, (byte) 0xc0, (byte) 0xaf});
    SecretData secret = secrets.putBytes("central-ns", "central", data);

    assertThatThrownBy(() -> SecretMapping.toCredential(secret, ref(Map.of("name", "central"))))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageStartingWith(
            "Secret central-ns/central has a value for key '" + key + "' that is not valid UTF-8")
        .hasMessageEndingWith("; store it as UTF-8 text")
        .hasMessageNotContaining("hunter2");
  }

  private Credential map(Map<String, String> data, Map<String, Object> ref) throws Exception {
    return SecretMapping.toCredential(secrets.put("central-ns", "central", data), ref(ref));
  }

  private static SecretRef ref(Map<String, Object> values) throws Exception {
    return SecretRef.parse(Settings.of(REF_PATH, values));
  }
}
