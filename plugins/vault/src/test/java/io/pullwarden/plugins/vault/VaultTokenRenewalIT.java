package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.testkit.TestSourceContext;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.VaultApiException;
import io.pullwarden.testenv.VaultExtension;
import io.pullwarden.testenv.VaultServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The session keeps its own token alive against the real server: AppRole roles issue tokens of a
 * few seconds, and the assertions look at the tokens from Vault's side by accessor (root's {@code
 * auth/token/lookup-accessor}), so a token that was not really renewed would be gone.
 */
@ExtendWith({KubernetesExtension.class, VaultExtension.class})
class VaultTokenRenewalIT {

  private static final String MOUNT = "approle-renewal-it";
  private static final Settings REF = VaultFixture.kvRef("renewal/registry");
  private static TestSourceContext context;
  private static VaultServer vault;

  @BeforeAll
  static void configure(KubernetesServer kubernetes, VaultServer server) {
    vault = server;
    context = VaultFixture.context(kubernetes, "vault-token-renewal");
    VaultFixture.policy(vault, "pullwarden-renewal-it", VaultFixture.kvReadPolicy("renewal"));
    vault.api().write("sys/auth/" + MOUNT, Map.of("type", "approle"));
    VaultFixture.putKv(
        vault, "renewal/registry", Map.of("username", "robot", "password", "pw-renewal"));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void renewsItsTokenAtTwoThirdsOfTheTtlWithoutLoggingInAgain() throws Exception {
    try (VaultSession session = open("short", "3s", "5m")) {
      String accessor = accessor(session);
      long opened = System.nanoTime();

      await().atMost(Duration.ofSeconds(15)).until(() -> session.keeper().renewals() >= 2);

      assertThat(Duration.ofNanos(System.nanoTime() - opened))
          .as("time since login, against the 3s TTL")
          .isGreaterThan(Duration.ofMillis(3500));
      JsonNode token = lookup(accessor);
      assertThat(token.path("ttl").asLong())
          .as("TTL Vault reports for the first token")
          .isPositive();
      assertThat(token.path("last_renewal_time").isNull()).as("never renewed").isFalse();
      assertThat(session.keeper().logins()).isEqualTo(1);
      assertThat(session.fetch(REF).secret())
          .isEqualTo(new UsernamePassword("robot", "pw-renewal"));
      assertThat(accessor(session)).isEqualTo(accessor);
    }
  }

  @Test
  void logsInAgainWhenItsTokenIsRevokedAndRepeatsTheCall() throws Exception {
    try (VaultSession session = open("steady", "1h", "24h")) {
      String accessor = accessor(session);
      vault.api().write("auth/token/revoke-accessor", Map.of("accessor", accessor));

      assertThat(session.fetch(REF).secret())
          .isEqualTo(new UsernamePassword("robot", "pw-renewal"));
      assertThat(session.keeper().logins()).isEqualTo(2);
      assertThat(accessor(session)).isNotEqualTo(accessor);
      assertThatThrownBy(() -> lookup(accessor)).isInstanceOf(VaultApiException.class);
    }
  }

  @Test
  void logsInAgainBeforeItsTokenReachesItsMaxTtl() throws Exception {
    try (VaultSession session = open("capped", "2s", "4s")) {
      String first = accessor(session);

      await().atMost(Duration.ofSeconds(10)).until(() -> session.keeper().logins() >= 2);

      assertThat(session.keeper().renewals()).as("renewals before the max TTL").isPositive();
      String second = accessor(session);
      assertThat(second).isNotEqualTo(first);
      assertThat(lookup(second).path("ttl").asLong()).as("TTL of the new token").isPositive();
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .untilAsserted(
              () -> assertThatThrownBy(() -> lookup(first)).isInstanceOf(VaultApiException.class));
      assertThat(session.fetch(REF).secret())
          .isEqualTo(new UsernamePassword("robot", "pw-renewal"));
    }
  }

  private static VaultSession open(String role, String ttl, String maxTtl) throws Exception {
    String roleId = VaultFixture.appRole(vault, MOUNT, role, "pullwarden-renewal-it", ttl, maxTtl);
    VaultFixture.secret(
        context, "approle-" + role, Map.of("secretId", VaultFixture.secretId(vault, MOUNT, role)));
    return (VaultSession)
        new VaultSourceFactory()
            .open(
                VaultFixture.appRoleConfig(
                    vault.address().toString(), MOUNT, roleId, "approle-" + role),
                context);
  }

  private static String accessor(VaultSession session) {
    return session.keeper().current().grant().accessor();
  }

  private static JsonNode lookup(String accessor) {
    return vault
        .api()
        .write("auth/token/lookup-accessor", Map.of("accessor", accessor))
        .path("data");
  }
}
