package io.pullwarden.plugins.vault;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.testkit.TestSourceContext;
import io.pullwarden.testenv.VaultServer;
import java.util.List;
import java.util.Map;

/**
 * What the vault plugin's integration tests set up on the real servers: the agent's namespace and
 * its Secrets on the API server, and Vault policies and tokens made with the root token. Each test
 * class uses its own names, since the servers are shared by the whole run.
 */
final class VaultFixture {

  static final String REF_PATH = "spec.registries[0].ref";

  private VaultFixture() {}

  /** A context whose agent namespace exists. */
  static TestSourceContext context(
      io.pullwarden.testenv.KubernetesServer server, String namespace) {
    TestSourceContext context = new TestSourceContext(server, namespace);
    context
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
    return context;
  }

  /** Creates or replaces a Secret in the context's agent namespace. */
  static void secret(TestSourceContext context, String name, Map<String, String> data) {
    context
        .client()
        .secrets()
        .inNamespace(context.secrets().agentNamespace())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(data)
                .build())
        .serverSideApply();
  }

  /** Writes policy {@code name} with {@code rules} (HCL). */
  static void policy(VaultServer vault, String name, String rules) {
    vault.api().write("sys/policies/acl/" + name, Map.of("policy", rules));
  }

  /** A new token with {@code policies} and {@code ttl} (such as {@code 1h}), made by root. */
  static String token(VaultServer vault, List<String> policies, String ttl) {
    return vault
        .api()
        .write("auth/token/create", Map.of("policies", policies, "ttl", ttl, "no_parent", true))
        .path("auth")
        .path("client_token")
        .asText();
  }

  /** The read access to KV v2 paths under {@code prefix} of mount {@code secret} that refs need. */
  static String kvReadPolicy(String prefix) {
    return "path \"secret/data/"
        + prefix
        + "/*\" { capabilities = [\"read\"] }\n"
        + "path \"secret/metadata/"
        + prefix
        + "/*\" { capabilities = [\"read\"] }\n";
  }

  /** A {@code spec.config} that logs in with the token kept in Secret {@code secretName}. */
  static Settings tokenConfig(String address, String secretName) {
    return config(
        Map.of(
            "address",
            address,
            "auth",
            Map.of("token", Map.of("secretRef", Map.of("name", secretName, "key", "token")))));
  }

  static Settings config(Map<String, Object> values) {
    return Settings.of("spec.config", values);
  }

  static Settings ref(Map<String, Object> values) {
    return Settings.of(REF_PATH, values);
  }

  static Settings kvRef(String path) {
    return ref(Map.of("kv", Map.of("path", path)));
  }

  /** Writes a new KV v2 version of {@code secret/<path>}. */
  static void putKv(VaultServer vault, String path, Map<String, String> data) {
    vault.api().write("secret/data/" + path, Map.of("data", data));
  }

  /**
   * Creates AppRole role {@code role} at {@code mount} (enabled by the caller) issuing tokens with
   * {@code policy} and the given TTLs, and returns its role ID.
   */
  static String appRole(
      VaultServer vault, String mount, String role, String policy, String ttl, String maxTtl) {
    vault
        .api()
        .write(
            "auth/" + mount + "/role/" + role,
            Map.of("token_policies", List.of(policy), "token_ttl", ttl, "token_max_ttl", maxTtl));
    return vault
        .api()
        .read("auth/" + mount + "/role/" + role + "/role-id")
        .path("data")
        .path("role_id")
        .asText();
  }

  /** A new secret ID of an AppRole role. */
  static String secretId(VaultServer vault, String mount, String role) {
    return vault
        .api()
        .write("auth/" + mount + "/role/" + role + "/secret-id", Map.of())
        .path("data")
        .path("secret_id")
        .asText();
  }

  /** A {@code spec.config} for AppRole login with the secret ID in Secret {@code secretName}. */
  static Settings appRoleConfig(String address, String mount, String roleId, String secretName) {
    return config(
        Map.of(
            "address",
            address,
            "auth",
            Map.of(
                "appRole",
                Map.of(
                    "mount",
                    mount,
                    "roleId",
                    roleId,
                    "secretIdRef",
                    Map.of("name", secretName, "key", "secretId")))));
  }
}
