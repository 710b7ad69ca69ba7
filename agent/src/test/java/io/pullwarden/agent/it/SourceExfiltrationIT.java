package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever may write CredentialSources chooses the address a source talks to. This test is that
 * author, impersonated, pointing {@code vault} sources at a listener of their own, against the
 * distribution with the real vault plugin: neither the agent's login Secret of another source nor a
 * file outside the projected-token directories (such as the agent's own API token) is ever sent;
 * each source says why in its status. The same listener named by a source whose login is marked for
 * it does receive the login, so the listener would have seen a leak.
 */
@ExtendWith(OwnApiServer.class)
class SourceExfiltrationIT {

  private static final String VAULT_LOGIN = "hvs.agent-login-of-vault-prod";
  private static final String API_TOKEN = "eyJhbGciOi.the-agents-own-api-token";
  private static final String PROJECTED = "eyJhbGciOi.projected-for-vault";

  @Test
  void aSourceAuthorCannotSendTheAgentsLoginsOrTokenFilesToAnAddressOfTheirChoosing(
      KubernetesServer server, @TempDir Path work) throws Exception {
    Path tokens = Files.createDirectories(work.resolve("tokens/vault-projected"));
    Files.writeString(tokens.resolve("token"), PROJECTED);
    Path apiToken = Files.writeString(work.resolve("api-token"), API_TOKEN);
    try (KubernetesClient admin = server.newClient();
        RecordingListener attacker = new RecordingListener()) {
      RunningAgent.prepare(admin);
      new TestCluster(admin).storeToken("vault-token", "vault-prod", VAULT_LOGIN);
      Tenant mallory =
          Tenant.withNamespace(server, admin, "mallory", "exfil-mallory")
              .mayWrite(admin, "credentialsources");
      int port = FreePort.next();
      Process agent =
          Distribution.unpack(work.resolve("dist"))
              .run(
                  server,
                  port,
                  work.resolve("agent.log"),
                  Map.of(),
                  "--no-leader-election",
                  "--token-dir",
                  work.resolve("tokens").toString());
      try (KubernetesClient asMallory = mallory.client()) {
        TestCluster cluster = new TestCluster(admin);
        vaultSource(
            asMallory,
            "exfil-borrowed-login",
            attacker.address(),
            TestCluster.tokenLogin("vault-token"));
        vaultSource(
            asMallory,
            "exfil-any-file",
            attacker.address(),
            Map.of("kubernetes", Map.of("role", "r", "tokenPath", apiToken.toString())));
        vaultSource(
            asMallory,
            "exfil-other-token",
            attacker.address(),
            Map.of(
                "kubernetes",
                Map.of("role", "r", "tokenPath", tokens.resolve("token").toString())));
        vaultSource(
            asMallory,
            "exfil-agent-token",
            attacker.address(),
            Map.of(
                "kubernetes",
                Map.of(
                    "role", "r",
                    "tokenPath", "/var/run/secrets/kubernetes.io/serviceaccount/token")));

        assertThat(cluster.awaitSourceReady("exfil-borrowed-login", "False").getMessage())
            .contains(
                "Secret pullwarden-system/vault-token is not marked for CredentialSource"
                    + " exfil-borrowed-login");
        assertThat(cluster.awaitSourceReady("exfil-any-file", "False").getMessage())
            .contains("outside CredentialSource exfil-any-file's projected-token directory");
        assertThat(cluster.awaitSourceReady("exfil-other-token", "False").getMessage())
            .contains("outside CredentialSource exfil-other-token's projected-token directory");
        // Outside a pod there is no API token file there; in one, the path is refused by name.
        cluster.awaitSourceReady("exfil-agent-token", "False");
        assertThat(attacker.requests()).as("nothing reached the attacker's listener").isEmpty();

        // The control: the owner's own source, its login marked for it, and a projected token.
        vaultSource(admin, "vault-prod", attacker.address(), TestCluster.tokenLogin("vault-token"));
        vaultSource(
            admin,
            "vault-projected",
            attacker.address(),
            Map.of("kubernetes", Map.of("role", "r")));
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(String.join("\n", attacker.requests()))
                        .contains(VAULT_LOGIN)
                        .contains(PROJECTED));
        assertThat(String.join("\n", attacker.requests())).doesNotContain(API_TOKEN);
        Condition borrowed = cluster.awaitSourceReady("exfil-borrowed-login", "False");
        assertThat(borrowed.getMessage()).doesNotContain(VAULT_LOGIN);
      } finally {
        agent.destroy();
        agent.waitFor(20, TimeUnit.SECONDS);
      }
      assertThat(Files.readString(work.resolve("agent.log")))
          .doesNotContain(VAULT_LOGIN)
          .doesNotContain(API_TOKEN)
          .doesNotContain(PROJECTED);
    }
  }

  private static void vaultSource(
      KubernetesClient client, String name, String address, Map<String, Object> auth) {
    new TestCluster(client).vaultSource(name, address, auth, TestCluster.everywhere(), spec -> {});
  }
}
