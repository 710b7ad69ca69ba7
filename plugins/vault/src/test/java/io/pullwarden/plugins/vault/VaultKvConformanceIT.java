package io.pullwarden.plugins.vault;

import static io.pullwarden.plugins.vault.VaultFixture.config;

import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.testkit.CredentialSourceConformance;
import io.pullwarden.plugin.testkit.TestSourceContext;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.VaultExtension;
import io.pullwarden.testenv.VaultServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared conformance suite on KV v2 of the real server, logged in with a token that has only
 * the read policy the docs ask for, kept in a Secret on the real API server.
 */
@ExtendWith({KubernetesExtension.class, VaultExtension.class})
class VaultKvConformanceIT extends CredentialSourceConformance {

  private static final String PREFIX = "conformance";
  private static TestSourceContext context;
  private static VaultServer vault;

  @BeforeAll
  static void start(KubernetesServer kubernetes, VaultServer server) {
    vault = server;
    context = VaultFixture.context(kubernetes, "vault-conformance");
    VaultFixture.policy(vault, "pullwarden-conformance", VaultFixture.kvReadPolicy(PREFIX));
    String token = VaultFixture.token(vault, List.of("pullwarden-conformance"), "1h");
    VaultFixture.secret(context, "vault-token", Map.of("token", token));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Override
  protected CredentialSourceFactory factory() {
    return new VaultSourceFactory();
  }

  @Override
  protected Settings validConfig() {
    return VaultFixture.tokenConfig(vault.address().toString(), "vault-token");
  }

  @Override
  protected TestSourceContext context() {
    return context;
  }

  @Override
  protected Settings createCredential(String name, String username, String password) {
    VaultFixture.putKv(
        vault, PREFIX + "/" + name, Map.of("username", username, "password", password));
    return VaultFixture.kvRef(PREFIX + "/" + name);
  }

  @Override
  protected void updateCredential(Settings ref, String username, String password) throws Exception {
    String path = ref.requiredObject("kv").requiredString("path");
    VaultFixture.putKv(vault, path, Map.of("username", username, "password", password));
  }

  @Override
  protected Settings missingRef(String name) {
    return VaultFixture.kvRef(PREFIX + "/" + name);
  }

  @Override
  protected List<BadConfig> invalidConfigs() {
    Map<String, Object> token =
        Map.of("token", Map.of("secretRef", Map.of("name", "vault-token", "key", "token")));
    return List.of(
        new BadConfig(
            config(Map.of("address", "vault:8200", "auth", token)), "spec.config.address"),
        new BadConfig(config(Map.of("address", vault.address().toString())), "spec.config.auth"),
        new BadConfig(
            config(
                Map.of(
                    "address",
                    vault.address().toString(),
                    "auth",
                    Map.of("kubernetes", Map.of("mount", "kubernetes")))),
            "spec.config.auth.kubernetes.role"),
        new BadConfig(
            config(
                Map.of(
                    "address",
                    vault.address().toString(),
                    "auth",
                    Map.of("appRole", Map.of("roleId", "r", "secretIdRef", Map.of("name", "s"))))),
            "spec.config.auth.appRole.secretIdRef.key"));
  }
}
