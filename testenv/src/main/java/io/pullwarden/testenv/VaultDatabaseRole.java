package io.pullwarden.testenv;

import java.util.List;
import java.util.Map;

/**
 * OpenBao's database secrets engine over a test PostgreSQL: a mount, its connection and one role
 * whose leases last {@code ttl}, renewable up to {@code maxTtl}. Reading {@code
 * <mount>/creds/<role>} then creates a PostgreSQL login that expires with its lease.
 */
public final class VaultDatabaseRole {

  private VaultDatabaseRole() {}

  /** Mounts the engine at {@code mount} and creates {@code role}; returns its creds path. */
  public static String create(
      VaultServer vault,
      PostgresServer postgres,
      String mount,
      String role,
      String ttl,
      String maxTtl) {
    VaultApi api = vault.api();
    api.write("sys/mounts/" + mount, Map.of("type", "database"));
    api.write(
        mount + "/config/postgres",
        Map.of(
            "plugin_name", "postgresql-database-plugin",
            "connection_url",
                "postgresql://{{username}}:{{password}}@"
                    + vault.addressOfHostPort(postgres.port())
                    + "/postgres?sslmode=disable",
            "username", postgres.superuser(),
            "password", postgres.superuserPassword(),
            "allowed_roles", List.of(role)));
    api.write(
        mount + "/roles/" + role,
        Map.of(
            "db_name",
            "postgres",
            "creation_statements",
            List.of(
                "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}'"
                    + " VALID UNTIL '{{expiration}}';"),
            "default_ttl",
            ttl,
            "max_ttl",
            maxTtl));
    return mount + "/creds/" + role;
  }
}
