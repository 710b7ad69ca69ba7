package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Lease;
import io.pullwarden.plugin.LeaseControl;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.testkit.TestSourceContext;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.PostgresExtension;
import io.pullwarden.testenv.PostgresServer;
import io.pullwarden.testenv.VaultDatabaseRole;
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
 * A leased read of real PostgreSQL logins from the database secrets engine, with a token that has
 * only the policy docs/providers/vault.md gives for dynamic credentials: the fetched credential
 * carries its lease, renewing it really extends the login (it outlives its first TTL), the granted
 * TTL is parsed (and shrinks near the max TTL), and revoking ends the login.
 */
@ExtendWith({KubernetesExtension.class, VaultExtension.class, PostgresExtension.class})
class VaultDynamicCredentialIT {

  private static final String MOUNT = "database-plugin-it";
  private static final String ROLE = "puller";
  private static final Settings REF =
      VaultFixture.ref(Map.of("read", Map.of("path", MOUNT + "/creds/" + ROLE)));
  private static TestSourceContext context;
  private static VaultServer vault;
  private static PostgresServer postgres;

  @BeforeAll
  static void configureDatabaseEngine(
      KubernetesServer kubernetes, VaultServer server, PostgresServer database) {
    vault = server;
    postgres = database;
    context = VaultFixture.context(kubernetes, "vault-dynamic");
    VaultDatabaseRole.create(vault, postgres, MOUNT, ROLE, "4s", "8s");
    VaultFixture.policy(
        vault,
        "pullwarden-dynamic-it",
        "path \""
            + MOUNT
            + "/creds/"
            + ROLE
            + "\" { capabilities = [\"read\"] }\n"
            + "path \"sys/leases/renew\" { capabilities = [\"update\"] }\n"
            + "path \"sys/leases/revoke\" { capabilities = [\"update\"] }\n");
    String token = VaultFixture.token(vault, List.of("pullwarden-dynamic-it"), "1h");
    VaultFixture.secret(context, "vault-token", Map.of("token", token));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void fetchRenewAndRevokeALeasedDatabaseLogin() throws Exception {
    try (CredentialSession session = open()) {
      assertThat(session.version(REF)).as("version(ref) of a leased read").isEmpty();
      Credential credential = session.fetch(REF);
      UsernamePassword login = (UsernamePassword) credential.secret();
      Lease lease = credential.lease().orElseThrow();
      assertThat(lease.id()).startsWith(MOUNT + "/creds/" + ROLE + "/");
      assertThat(lease.ttl()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(4));
      assertThat(lease.renewable()).isTrue();
      assertThat(lease.obtainedAt()).isEqualTo(context.clock().instant());
      assertThat(credential.version()).isEqualTo(lease.id());
      assertThat(postgres.canLogin(login.username(), login.password()))
          .as("login with the issued credential")
          .isTrue();

      LeaseControl leases = session.leases().orElseThrow();
      Thread.sleep(2_500);
      context.clock().advance(Duration.ofSeconds(3));
      Lease renewed = leases.renew(lease);
      assertThat(renewed.id()).isEqualTo(lease.id());
      assertThat(renewed.ttl())
          .as("granted TTL")
          .isBetween(Duration.ofSeconds(3), Duration.ofSeconds(4));
      assertThat(renewed.obtainedAt()).isEqualTo(context.clock().instant());

      Thread.sleep(2_500);
      assertThat(postgres.canLogin(login.username(), login.password()))
          .as("login 5s after issue, past the first 4s TTL")
          .isTrue();
      Lease capped = leases.renew(renewed);
      assertThat(capped.ttl())
          .as("TTL granted 5s into a lease with an 8s max TTL")
          .isLessThan(Duration.ofSeconds(4))
          .isPositive();

      leases.revoke(capped);
      assertThat(postgres.canLogin(login.username(), login.password()))
          .as("login with the revoked credential")
          .isFalse();
      assertThatThrownBy(() -> leases.renew(capped))
          .isInstanceOf(SourceException.NotFound.class)
          .hasMessageContaining("fetch a new credential");
    }
  }

  @Test
  void eachFetchIssuesANewLoginUnderItsOwnLease() throws Exception {
    try (CredentialSession session = open()) {
      Credential first = session.fetch(REF);
      Credential second = session.fetch(REF);

      assertThat(second.lease().orElseThrow().id()).isNotEqualTo(first.lease().orElseThrow().id());
      assertThat(second.version()).isNotEqualTo(first.version());
      session.leases().orElseThrow().revoke(first.lease().orElseThrow());
      session.leases().orElseThrow().revoke(second.lease().orElseThrow());
    }
  }

  private static CredentialSession open() throws SourceException {
    return new VaultSourceFactory()
        .open(VaultFixture.tokenConfig(vault.address().toString(), "vault-token"), context);
  }
}
