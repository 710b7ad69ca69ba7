package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.CredentialSecret.DockerConfigJson;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialMappingTest {

  private static final String SECRET = "KV v2 secret 'team/registry' in mount 'secret'";

  @Test
  void readsTheDefaultKeysAndTheServer() throws Exception {
    FieldMapping fields = fields(Map.of("serverKey", "registry"));
    Map<String, Object> data =
        Map.of("username", "robot", "password", "hunter2-value", "registry", " ghcr.io\n");

    assertThat(CredentialMapping.secret(data, fields, SECRET))
        .isEqualTo(new UsernamePassword("robot", "hunter2-value"));
    assertThat(CredentialMapping.server(data, fields, SECRET)).contains("ghcr.io");
    assertThat(CredentialMapping.server(data, fields(Map.of()), SECRET)).isEmpty();
  }

  @Test
  void readsTheKeysTheRefNames() throws Exception {
    assertThat(
            CredentialMapping.secret(
                Map.of("user", "robot", "token", "hunter2-value"),
                fields(Map.of("usernameKey", "user", "passwordKey", "token")),
                SECRET))
        .isEqualTo(new UsernamePassword("robot", "hunter2-value"));
  }

  @Test
  void passesADockerConfigOnWholeWhetherTextOrObject() throws Exception {
    String text = "{\"auths\":{\"ghcr.io\":{\"auth\":\"abc\"}}}";
    FieldMapping fields = fields(Map.of("dockerConfigKey", "config"));

    assertThat(CredentialMapping.secret(Map.of("config", text), fields, SECRET))
        .isEqualTo(new DockerConfigJson(text));
    assertThat(
            CredentialMapping.secret(
                Map.of("config", Map.of("auths", Map.of("ghcr.io", Map.of("auth", "abc")))),
                fields,
                SECRET))
        .isEqualTo(new DockerConfigJson(text));
  }

  @Test
  void missingKeyNamesTheSecretTheKeyAndTheFieldButNoValue() {
    assertThatThrownBy(
            () ->
                CredentialMapping.secret(
                    Map.of("username", "robot", "pass", "hunter2-value"), fields(Map.of()), SECRET))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessage(
            SECRET
                + " has no key 'password' (the default; spec.registries[0].ref.passwordKey names"
                + " another key); its keys are [pass, username]");
    assertThatThrownBy(
            () ->
                CredentialMapping.server(
                    Map.of("username", "robot"), fields(Map.of("serverKey", "host")), SECRET))
        .hasMessageContaining("no key 'host' (named by spec.registries[0].ref.serverKey)");
  }

  @Test
  void emptyAndNonTextValuesAreRejectedWithoutShowingThem() {
    assertThatThrownBy(
            () ->
                CredentialMapping.secret(
                    Map.of("username", "robot", "password", " "), fields(Map.of()), SECRET))
        .hasMessageContaining("empty value for key 'password'");
    assertThatThrownBy(
            () ->
                CredentialMapping.secret(
                    Map.of("username", List.of("secret-list-value"), "password", "p"),
                    fields(Map.of()),
                    SECRET))
        .hasMessageContaining("non-text value under key 'username'")
        .hasMessageNotContaining("secret-list-value");
  }

  private static FieldMapping fields(Map<String, Object> extra) throws Exception {
    return FieldMapping.parse(Settings.of("spec.registries[0].ref", extra));
  }
}
