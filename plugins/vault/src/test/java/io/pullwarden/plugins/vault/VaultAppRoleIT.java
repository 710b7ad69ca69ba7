package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.testkit.TestSourceContext;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.VaultExtension;
import io.pullwarden.testenv.VaultServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** AppRole login with the secret ID kept in a Secret on the real API server. */
@ExtendWith({KubernetesExtension.class, VaultExtension.class})
class VaultAppRoleIT {

  private static final String MOUNT = "approle-it";
  private static final String ROLE = "puller";
  private static final Settings REF = VaultFixture.kvRef("approle/registry");
  private static TestSourceContext context;
  private static VaultServer vault;
  private static String roleId;

  @BeforeAll
  static void configureAppRole(KubernetesServer kubernetes, VaultServer server) {
    vault = server;
    context = VaultFixture.context(kubernetes, "vault-approle");
    VaultFixture.policy(vault, "pullwarden-approle-it", VaultFixture.kvReadPolicy("approle"));
    vault.api().write("sys/auth/" + MOUNT, Map.of("type", "approle"));
    roleId = VaultFixture.appRole(vault, MOUNT, ROLE, "pullwarden-approle-it", "1h", "24h");
    VaultFixture.putKv(
        vault, "approle/registry", Map.of("username", "robot", "password", "pw-approle"));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void logsInWithTheRoleIdAndTheSecretIdFromASecret() throws Exception {
    VaultFixture.secret(
        context, "approle", Map.of("secretId", VaultFixture.secretId(vault, MOUNT, ROLE)));

    try (VaultSession session = open("approle")) {
      assertThat(session.health()).isEqualTo(Health.ready());
      assertThat(session.fetch(REF).secret())
          .isEqualTo(new UsernamePassword("robot", "pw-approle"));
      assertThat(session.keeper().logins()).isEqualTo(1);
    }
  }

  @Test
  void aWrongSecretIdIsRefusedWithoutShowingIt() {
    String wrong = "00000000-0000-0000-0000-000000000042";
    VaultFixture.secret(context, "approle-wrong", Map.of("secretId", wrong));

    assertThatThrownBy(() -> open("approle-wrong"))
        .isInstanceOf(SourceException.AuthFailed.class)
        .hasMessageContaining(
            "refused the appRole login (mount auth/" + MOUNT + ", role ID '" + roleId + "')")
        .hasMessageNotContaining(wrong);
  }

  @Test
  void aMissingSecretIdSecretNamesTheField() {
    assertThatThrownBy(() -> open("approle-missing"))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageContaining("Secret vault-approle/approle-missing")
        .hasMessageContaining("spec.config.auth.appRole.secretIdRef.name");
  }

  @Test
  void theNextLoginUsesTheSecretIdTheSecretHoldsThen() throws Exception {
    String first = VaultFixture.secretId(vault, MOUNT, ROLE);
    VaultFixture.secret(context, "approle-rotating", Map.of("secretId", first));
    try (VaultSession session = open("approle-rotating")) {
      String second = VaultFixture.secretId(vault, MOUNT, ROLE);
      VaultFixture.secret(context, "approle-rotating", Map.of("secretId", second));
      vault
          .api()
          .write(
              "auth/" + MOUNT + "/role/" + ROLE + "/secret-id/destroy", Map.of("secret_id", first));
      String accessor = session.keeper().current().grant().accessor();
      vault.api().write("auth/token/revoke-accessor", Map.of("accessor", accessor));

      assertThat(session.fetch(REF).secret())
          .isEqualTo(new UsernamePassword("robot", "pw-approle"));
      assertThat(session.keeper().logins()).isEqualTo(2);
      assertThat(session.keeper().current().grant().accessor()).isNotEqualTo(accessor);
    }
  }

  private static VaultSession open(String secretName) throws SourceException {
    return (VaultSession)
        new VaultSourceFactory()
            .open(
                VaultFixture.appRoleConfig(vault.address().toString(), MOUNT, roleId, secretName),
                context);
  }
}
