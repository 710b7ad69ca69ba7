package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.testkit.TestSourceContext;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.VaultExtension;
import io.pullwarden.testenv.VaultServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A sealed Vault is an outage, not a broken config: health turns ERROR and calls fail as {@code
 * Transient}, and the same session works again once Vault is unsealed. The server is shared with
 * the other test classes, so it is unsealed in {@code finally} whatever happens.
 */
@ExtendWith({KubernetesExtension.class, VaultExtension.class})
class VaultSealIT {

  private static final Settings REF = VaultFixture.kvRef("seal/registry");
  private static TestSourceContext context;

  @BeforeAll
  static void start(KubernetesServer kubernetes, VaultServer vault) {
    context = VaultFixture.context(kubernetes, "vault-seal");
    VaultFixture.policy(vault, "pullwarden-seal-it", VaultFixture.kvReadPolicy("seal"));
    String token = VaultFixture.token(vault, List.of("pullwarden-seal-it"), "1h");
    VaultFixture.secret(context, "vault-token", Map.of("token", token));
    VaultFixture.putKv(vault, "seal/registry", Map.of("username", "robot", "password", "pw-seal"));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void sealedIsTransientAndTheSameSessionRecoversAfterUnseal(VaultServer vault) throws Exception {
    try (CredentialSession session =
        new VaultSourceFactory()
            .open(VaultFixture.tokenConfig(vault.address().toString(), "vault-token"), context)) {
      String version = session.version(REF).orElseThrow();

      vault.api().write("sys/seal", Map.of());
      try {
        Health sealed = session.health();
        assertThat(sealed.state()).isEqualTo(Health.State.ERROR);
        assertThat(sealed.message())
            .isEqualTo("Vault at " + vault.address() + " is sealed; unseal it");
        assertThatThrownBy(() -> session.fetch(REF))
            .isInstanceOf(SourceException.Transient.class)
            .hasMessageStartingWith("Vault at " + vault.address() + " is sealed (HTTP 503")
            .hasMessageContaining("the agent retries until it is unsealed");
        assertThatThrownBy(() -> session.version(REF))
            .isInstanceOf(SourceException.Transient.class);
      } finally {
        vault.api().write("sys/unseal", Map.of("key", vault.unsealKey()));
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> !vault.api().read("sys/health").path("sealed").asBoolean());
      }

      await().atMost(Duration.ofSeconds(30)).until(() -> session.health().equals(Health.ready()));
      assertThat(session.version(REF)).contains(version);
      assertThat(session.fetch(REF).secret()).isEqualTo(new UsernamePassword("robot", "pw-seal"));
    }
  }
}
