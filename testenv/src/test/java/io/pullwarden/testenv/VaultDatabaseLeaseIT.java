package io.pullwarden.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Vault database engine issuing real PostgreSQL logins under renewable, revocable leases. */
@ExtendWith({VaultExtension.class, PostgresExtension.class})
class VaultDatabaseLeaseIT {

  private static final String MOUNT = "database-lease-smoke";
  private static final String ROLE = "registry-reader";

  @Test
  void issuedLoginWorksRenewsAndStopsWorkingWhenRevoked(
      VaultServer vault, PostgresServer postgres) {
    VaultApi api = vault.api();
    VaultDatabaseRole.create(vault, postgres, MOUNT, ROLE, "10s", "30s");

    JsonNode issued = api.read(MOUNT + "/creds/" + ROLE);
    String leaseId = issued.path("lease_id").asText();
    String username = issued.path("data").path("username").asText();
    String password = issued.path("data").path("password").asText();
    assertThat(leaseId).startsWith(MOUNT + "/creds/" + ROLE + "/");
    assertThat(issued.path("renewable").asBoolean()).as("renewable").isTrue();
    assertThat(issued.path("lease_duration").asLong()).as("lease_duration").isBetween(1L, 10L);
    assertThat(postgres.canLogin(username, password))
        .as("login with the issued credential")
        .isTrue();

    JsonNode renewed = api.write("sys/leases/renew", Map.of("lease_id", leaseId, "increment", 60));
    assertThat(renewed.path("lease_id").asText()).isEqualTo(leaseId);
    assertThat(renewed.path("lease_duration").asLong())
        .as("renewed lease_duration, capped by max_ttl")
        .isBetween(1L, 30L);
    assertThat(postgres.canLogin(username, password)).as("login after renewal").isTrue();

    api.write("sys/leases/revoke", Map.of("lease_id", leaseId));
    assertThat(postgres.canLogin(username, password))
        .as("login with the revoked credential")
        .isFalse();
  }
}
