package io.pullwarden.agent.it;

import io.pullwarden.testenv.PostgresServer;
import io.pullwarden.testenv.VaultServer;
import java.util.List;
import java.util.Map;

/**
 * OpenBao's database secrets engine at {@code e2e-db}, connected to the test PostgreSQL, with role
 * {@code app}: the dynamic credential whose lease VaultSourceIT watches being renewed and replaced.
 */
final class VaultDatabaseRole {

  private VaultDatabaseRole() {}

  /**
   * Mounts the engine and creates role {@code app} with leases of {@code ttl} up to {@code maxTtl}.
   */
  static void create(VaultServer vault, PostgresServer postgres, String ttl, String maxTtl) {
    vault.api().write("sys/mounts/e2e-db", Map.of("type", "database"));
    vault
        .api()
        .write(
            "e2e-db/config/pg",
            Map.of(
                "plugin_name", "postgresql-database-plugin",
                "connection_url",
                    "postgresql://{{username}}:{{password}}@"
                        + vault.addressOfHostPort(postgres.port())
                        + "/postgres?sslmode=disable",
                "username", postgres.superuser(),
                "password", postgres.superuserPassword(),
                "allowed_roles", List.of("app")));
    vault
        .api()
        .write(
            "e2e-db/roles/app",
            Map.of(
                "db_name",
                "pg",
                "creation_statements",
                List.of(
                    "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"),
                "default_ttl",
                ttl,
                "max_ttl",
                maxTtl));
  }
}
