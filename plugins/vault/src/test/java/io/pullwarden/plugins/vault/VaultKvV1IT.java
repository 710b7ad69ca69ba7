package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.DockerConfigJson;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.testkit.TestSourceContext;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.VaultExtension;
import io.pullwarden.testenv.VaultServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * KV v1, a whole docker config under one key, a server key, and a Vault Enterprise-style namespace
 * (OpenBao has namespaces too), on the real server.
 */
@ExtendWith({KubernetesExtension.class, VaultExtension.class})
class VaultKvV1IT {

  private static final String MOUNT = "kv1-it";
  private static final String DOCKER_CONFIG =
      "{\"auths\":{\"ghcr.io\":{\"auth\":\"cm9ib3Q6cHc=\"}}}";
  private static TestSourceContext context;
  private static VaultServer vault;

  @BeforeAll
  static void start(KubernetesServer kubernetes, VaultServer server) {
    vault = server;
    context = VaultFixture.context(kubernetes, "vault-kv1");
    vault
        .api()
        .write("sys/mounts/" + MOUNT, Map.of("type", "kv", "options", Map.of("version", "1")));
    VaultFixture.policy(
        vault, "pullwarden-kv1-it", "path \"" + MOUNT + "/*\" { capabilities = [\"read\"] }\n");
    String token = VaultFixture.token(vault, List.of("pullwarden-kv1-it"), "1h");
    VaultFixture.secret(context, "vault-token", Map.of("token", token));
    VaultFixture.secret(context, "root-token", Map.of("token", vault.rootToken()));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void readsUsernamePasswordAndServerAndVersionsByContent() throws Exception {
    vault
        .api()
        .write(MOUNT + "/robot", Map.of("user", "robot", "token", "pw-1", "registry", "ghcr.io"));
    Settings ref =
        VaultFixture.ref(
            Map.of(
                "kvV1", Map.of("mount", MOUNT, "path", "robot"),
                "usernameKey", "user",
                "passwordKey", "token",
                "serverKey", "registry"));

    try (CredentialSession session = open("vault-token", Map.of())) {
      assertThat(session.version(ref)).as("KV v1 has no version call").isEmpty();
      Credential first = session.fetch(ref);
      assertThat(first.secret()).isEqualTo(new UsernamePassword("robot", "pw-1"));
      assertThat(first.server()).contains("ghcr.io");
      assertThat(first.lease()).isEmpty();
      assertThat(session.fetch(ref).version()).isEqualTo(first.version());

      vault
          .api()
          .write(MOUNT + "/robot", Map.of("user", "robot", "token", "pw-2", "registry", "ghcr.io"));
      assertThat(session.fetch(ref).version()).isNotEqualTo(first.version());
    }
  }

  @Test
  void aKeyHoldingAWholeDockerConfigIsPassedOn() throws Exception {
    vault.api().write(MOUNT + "/pull", Map.of(".dockerconfigjson", DOCKER_CONFIG));
    Settings ref =
        VaultFixture.ref(
            Map.of(
                "read", Map.of("path", MOUNT + "/pull"), "dockerConfigKey", ".dockerconfigjson"));

    try (CredentialSession session = open("vault-token", Map.of())) {
      Credential credential = session.fetch(ref);
      assertThat(credential.secret()).isEqualTo(new DockerConfigJson(DOCKER_CONFIG));
      assertThat(credential.lease()).as("a KV v1 read has no lease").isEmpty();
    }
  }

  @Test
  void aMissingSecretAndAMissingKeyAreNamed() throws Exception {
    vault.api().write(MOUNT + "/partial", Map.of("username", "robot"));
    try (CredentialSession session = open("vault-token", Map.of())) {
      assertThatThrownBy(() -> session.fetch(kvV1("absent")))
          .isInstanceOf(SourceException.NotFound.class)
          .hasMessageContaining("KV v1 secret 'absent' in mount '" + MOUNT + "' does not exist");
      assertThatThrownBy(() -> session.fetch(kvV1("partial")))
          .isInstanceOf(SourceException.InvalidConfig.class)
          .hasMessageContaining("has no key 'password'")
          .hasMessageContaining("spec.registries[0].ref.passwordKey");
    }
  }

  @Test
  void everyCallIsMadeInTheConfiguredNamespace() throws Exception {
    vault.api().write("sys/namespaces/team-kv1", Map.of());
    vault
        .api()
        .write("team-kv1/sys/mounts/kv", Map.of("type", "kv", "options", Map.of("version", "2")));
    vault
        .api()
        .write(
            "team-kv1/kv/data/robot",
            Map.of("data", Map.of("username", "ns", "password", "pw-ns")));
    Settings ref = VaultFixture.ref(Map.of("kv", Map.of("mount", "kv", "path", "robot")));

    try (CredentialSession session = open("root-token", Map.of("namespace", "team-kv1"))) {
      assertThat(session.version(ref)).isPresent();
      assertThat(session.fetch(ref).secret()).isEqualTo(new UsernamePassword("ns", "pw-ns"));
    }
    try (CredentialSession session = open("root-token", Map.of())) {
      assertThatThrownBy(() -> session.fetch(ref)).isInstanceOf(SourceException.NotFound.class);
    }
  }

  private static Settings kvV1(String path) {
    return VaultFixture.ref(Map.of("kvV1", Map.of("mount", MOUNT, "path", path)));
  }

  private static CredentialSession open(String tokenSecret, Map<String, Object> extra)
      throws SourceException {
    Map<String, Object> config =
        new java.util.HashMap<>(
            Map.of(
                "address",
                vault.address().toString(),
                "auth",
                Map.of("token", Map.of("secretRef", Map.of("name", tokenSecret, "key", "token")))));
    config.putAll(extra);
    return new VaultSourceFactory().open(VaultFixture.config(config), context);
  }
}
