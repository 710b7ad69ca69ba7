package io.pullwarden.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
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
    api.write("sys/mounts/" + MOUNT, Map.of("type", "database"));
    api.write(
        MOUNT + "/config/smoke",
        Map.of(
            "plugin_name", "postgresql-database-plugin",
            "connection_url",
                "postgresql://{{username}}:{{password}}@"
                    + vault.addressOfHostPort(postgres.port())
                    + "/postgres?sslmode=disable",
            "username", postgres.superuser(),
            "password", postgres.superuserPassword(),
            "allowed_roles", List.of(ROLE)));
    api.write(
        MOUNT + "/roles/" + ROLE,
        Map.of(
            "db_name", "smoke",
            "creation_statements",
                List.of(
                    "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}'"
                        + " VALID UNTIL '{{expiration}}';"),
            "default_ttl", "10s",
            "max_ttl", "30s"));

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
