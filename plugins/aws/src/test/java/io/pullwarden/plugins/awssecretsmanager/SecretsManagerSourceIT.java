package io.pullwarden.plugins.awssecretsmanager;

import static io.pullwarden.plugins.awssecretsmanager.MotoSecrets.ref;
import static io.pullwarden.plugins.awssecretsmanager.MotoSecrets.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.DockerConfigJson;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugins.aws.MotoSource;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.MotoExtension;
import io.pullwarden.testenv.MotoServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Formats, stages and failures against a real moto Secrets Manager. */
@ExtendWith({KubernetesExtension.class, MotoExtension.class})
class SecretsManagerSourceIT {

  private static final String DOCKER_CONFIG =
      "{\"auths\":{\"registry.example.com\":{\"auth\":\"cm9ib3Q6aHVudGVyMg==\"}}}";
  private static MotoSource source;
  private static SecretsManagerClient admin;
  private final SecretsManagerSourceFactory factory = new SecretsManagerSourceFactory();

  @BeforeAll
  static void start(KubernetesServer kubernetes, MotoServer moto) {
    source = MotoSource.start(kubernetes, moto);
    admin = MotoSecrets.admin(source);
  }

  @AfterAll
  static void stop() {
    admin.close();
    source.close();
  }

  @Test
  void readsAJsonLoginWithItsServer() throws Exception {
    String name = uniqueName("json");
    admin.createSecret(
        b ->
            b.name(name)
                .secretString(
                    "{\"user\":\"robot\",\"token\":\"pw-json\",\"registry\":\"r.example.com\"}"));
    Settings ref =
        ref(
            Map.of(
                "secretId",
                name,
                "usernameKey",
                "user",
                "passwordKey",
                "token",
                "serverKey",
                "registry"));

    try (CredentialSession session = open()) {
      Credential credential = session.fetch(ref);
      assertThat(credential.secret()).isEqualTo(new UsernamePassword("robot", "pw-json"));
      assertThat(credential.server()).contains("r.example.com");
      assertThat(session.version(ref)).contains(credential.version());
    }
  }

  @Test
  void readsAPlainDockerConfigString() throws Exception {
    String name = uniqueName("plain");
    admin.createSecret(b -> b.name(name).secretString(DOCKER_CONFIG));

    try (CredentialSession session = open()) {
      assertThat(session.fetch(ref(Map.of("secretId", name))).secret())
          .isEqualTo(new DockerConfigJson(DOCKER_CONFIG));
    }
  }

  @Test
  void readsADockerConfigFromSecretBinary() throws Exception {
    String name = uniqueName("binary");
    admin.createSecret(
        b -> b.name(name).secretBinary(SdkBytes.fromString(DOCKER_CONFIG, StandardCharsets.UTF_8)));

    try (CredentialSession session = open()) {
      assertThat(session.fetch(ref(Map.of("secretId", name, "format", "binary"))).secret())
          .isEqualTo(new DockerConfigJson(DOCKER_CONFIG));
      assertThat(session.fetch(ref(Map.of("secretId", name))).secret())
          .as("detected without a format")
          .isEqualTo(new DockerConfigJson(DOCKER_CONFIG));
    }
  }

  @Test
  void putSecretValueMovesTheVersionAndPreviousStaysReadable() throws Exception {
    String name = uniqueName("stages");
    String first =
        admin
            .createSecret(b -> b.name(name).secretString(MotoSecrets.login("robot", "pw-1")))
            .versionId();
    Settings current = ref(Map.of("secretId", name));
    Settings previous = ref(Map.of("secretId", name, "versionStage", "AWSPREVIOUS"));

    try (CredentialSession session = open()) {
      assertThat(session.version(current)).contains(first);
      assertThatThrownBy(() -> session.version(previous))
          .as("no AWSPREVIOUS before the first rotation")
          .isInstanceOf(SourceException.NotFound.class)
          .hasMessageContaining("versionStage");

      String second =
          admin
              .putSecretValue(
                  b -> b.secretId(name).secretString(MotoSecrets.login("robot", "pw-2")))
              .versionId();

      assertThat(session.version(current)).contains(second);
      assertThat(session.fetch(current).secret()).isEqualTo(new UsernamePassword("robot", "pw-2"));
      assertThat(session.version(previous)).contains(first);
      Credential old = session.fetch(previous);
      assertThat(old.secret()).isEqualTo(new UsernamePassword("robot", "pw-1"));
      assertThat(old.version()).isEqualTo(first);
      Settings pinned = ref(Map.of("secretId", name, "versionId", first));
      assertThat(session.fetch(pinned).secret()).isEqualTo(new UsernamePassword("robot", "pw-1"));
    }
  }

  @Test
  void missingSecretIsNotFoundNamingTheSecretAndField() throws Exception {
    String name = uniqueName("missing");
    try (CredentialSession session = open()) {
      assertThatThrownBy(() -> session.version(ref(Map.of("secretId", name))))
          .isInstanceOf(SourceException.NotFound.class)
          .hasMessageContaining("DescribeSecret of secret '" + name + "' in us-east-1")
          .hasMessageContaining("ResourceNotFoundException")
          .hasMessageEndingWith("correct spec.registries[0].ref.secretId");
      assertThat(session.health()).isEqualTo(Health.ready());
    }
  }

  @Test
  void malformedJsonAndMissingKeysAreInvalidNamingTheField() throws Exception {
    String broken = uniqueName("broken");
    admin.createSecret(b -> b.name(broken).secretString("{\"password\": \"pw-broken"));
    String partial = uniqueName("partial");
    admin.createSecret(
        b -> b.name(partial).secretString("{\"username\":\"robot\",\"pass\":\"pw-x\"}"));

    try (CredentialSession session = open()) {
      assertThatThrownBy(() -> session.fetch(ref(Map.of("secretId", broken))))
          .isInstanceOf(SourceException.InvalidConfig.class)
          .hasMessageContaining("is not a JSON object")
          .hasMessageContaining("spec.registries[0].ref.format")
          .hasMessageNotContaining("pw-broken");
      assertThatThrownBy(() -> session.fetch(ref(Map.of("secretId", partial))))
          .isInstanceOf(SourceException.InvalidConfig.class)
          .hasMessageContaining("has no key 'password'")
          .hasMessageContaining("spec.registries[0].ref.passwordKey")
          .hasMessageNotContaining("pw-x");
    }
  }

  @Test
  void anUnreachableEndpointIsTransientAndUnhealthy() throws Exception {
    String closed = "http://127.0.0.1:" + FreePort.next();
    try (CredentialSession session =
        factory.open(source.config(Map.of("endpoint", closed)), source.context())) {
      assertThatThrownBy(() -> session.version(ref(Map.of("secretId", "any"))))
          .isInstanceOf(SourceException.Transient.class)
          .hasMessageStartingWith("DescribeSecret of secret 'any' in us-east-1 failed");
      assertThat(session.health().state()).isEqualTo(Health.State.ERROR);
    }
  }

  @Test
  void aMissingKeysSecretFailsTheLoginNamingTheField() {
    Settings config =
        source.config(
            Map.of(
                "auth",
                Map.of(
                    "accessKeyIdRef", Map.of("name", "no-such-secret", "key", "id"),
                    "secretAccessKeyRef", Map.of("name", "no-such-secret", "key", "secret"))));

    assertThatThrownBy(() -> factory.open(config, source.context()))
        .isInstanceOf(SourceException.AuthFailed.class)
        .hasMessageContaining("Secret pullwarden-system/no-such-secret")
        .hasMessageContaining("spec.config.auth.accessKeyIdRef");
  }

  private CredentialSession open() throws SourceException {
    return factory.open(source.config(), source.context());
  }
}
