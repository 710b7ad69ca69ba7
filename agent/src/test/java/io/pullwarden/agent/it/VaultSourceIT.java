package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.customresource.LeasePolicySpec;
import io.pullwarden.agent.customresource.PullSecretSyncStatus;
import io.pullwarden.agent.customresource.ResilienceSpec;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.PostgresExtension;
import io.pullwarden.testenv.PostgresServer;
import io.pullwarden.testenv.TcpProxy;
import io.pullwarden.testenv.VaultDatabaseRole;
import io.pullwarden.testenv.VaultExtension;
import io.pullwarden.testenv.VaultServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault plugin end to end in the launched distribution, against real OpenBao (and PostgreSQL
 * for dynamic credentials): a new KV v2 version costs one data read and reaches every namespace; a
 * database lease is renewed, and a new credential is rolled out before the maximum TTL while the
 * old one still logs in; an OpenBao outage opens the source's circuit, leaves every Secret as it
 * is, and the agent recovers by itself.
 */
@ExtendWith({OwnApiServer.class, VaultExtension.class, PostgresExtension.class})
class VaultSourceIT {

  private static final String RENEWAL_DUE = "pullwarden_credential_renewal_due_timestamp_seconds";

  private static final String SERVER = "registry.vault.test";
  private static final List<String> NAMESPACES =
      IntStream.range(0, 5).mapToObj(i -> "vault-" + i).toList();

  private static KubernetesClient client;
  private static TestCluster cluster;
  private static Process agent;
  private static int port;

  /** One launched agent serves the three tests, each with sources and syncs of its own. */
  @BeforeAll
  static void start(KubernetesServer server, VaultServer vault, @TempDir Path work)
      throws Exception {
    client = server.newClient();
    cluster = new TestCluster(client);
    RunningAgent.prepare(client);
    cluster.storeToken("vault-token", "vault-kv,vault-db,vault-outage", vault.rootToken());
    NAMESPACES.forEach(ns -> cluster.namespace(ns, Map.of("vault", "true")));
    port = FreePort.next();
    agent =
        Distribution.unpack(work)
            .run(server, port, work.resolve("agent.log"), Map.of(), "--no-leader-election");
  }

  @AfterAll
  static void stop() throws Exception {
    agent.destroy();
    agent.waitFor(20, TimeUnit.SECONDS);
    client.close();
  }

  @Test
  void aNewKvVersionReachesEveryNamespaceWithOneDataRead(VaultServer vault) throws Exception {
    vault
        .api()
        .write(
            "secret/data/e2e/kv", Map.of("data", Map.of("username", "robot", "password", "one")));
    source("vault-kv", vault.address().toString(), null, null);
    cluster.sync(
        "kv",
        "vault-kv",
        "unused",
        SERVER,
        "vault",
        spec -> spec.getRegistries().get(0).setRef(Map.of("kv", Map.of("path", "e2e/kv"))));
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(() -> cluster.assertWrittenEverywhere(NAMESPACES, "kv-pull", SERVER, "one"));
    assertThat(fetches("vault-kv")).as("data reads for the first sync").isEqualTo(1);

    vault
        .api()
        .write(
            "secret/data/e2e/kv", Map.of("data", Map.of("username", "robot", "password", "two")));

    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(() -> cluster.assertWrittenEverywhere(NAMESPACES, "kv-pull", SERVER, "two"));
    assertThat(fetches("vault-kv")).as("data reads after one new version").isEqualTo(2);
    assertThat(
            Distribution.metric(
                port,
                "pullwarden_source_requests_total",
                Map.of("source", "vault-kv", "operation", "version")))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void aDatabaseLeaseIsRenewedAndReplacedBeforeItsMaximumTtlWhileTheOldLoginStillWorks(
      VaultServer vault, PostgresServer postgres) throws Exception {
    VaultDatabaseRole.create(vault, postgres, "e2e-db", "app", "6s", "24s");
    LeasePolicySpec leases = new LeasePolicySpec();
    leases.setJitterPercent(0);
    leases.setRevokeGracePeriod("1h");
    source("vault-db", vault.address().toString(), leases, null);
    cluster.sync(
        "db",
        "vault-db",
        "unused",
        SERVER,
        "vault",
        spec ->
            spec.getRegistries().get(0).setRef(Map.of("read", Map.of("path", "e2e-db/creds/app"))));
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> assertThat(username("vault-0", "db-pull")).as("login in vault-0").isNotNull());
    String[] first = login("vault-0", "db-pull");
    // The status is patched after the Secrets are written.
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        Optional.ofNullable(cluster.getSync("db").getStatus())
                            .map(PullSecretSyncStatus::getExpiresAt))
                    .as("sync db's status.expiresAt")
                    .isPresent());
    double firstDue = Distribution.metric(port, RENEWAL_DUE, Map.of("sync", "db"));
    assertThat(firstDue).as(RENEWAL_DUE + "{sync=db}").isPositive();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        Distribution.metric(
                            port, "pullwarden_lease_renewals_total", Map.of("outcome", "renewed")))
                    .as("pullwarden_lease_renewals_total{outcome=renewed}")
                    .isGreaterThanOrEqualTo(2));
    // Renewed on time, the planned renewal moves on (4 s per 6 s lease), so the overdue-renewal
    // alert stays silent however short the lease. Renewals alone must move it: a new credential
    // (at the maximum TTL, about 20 s in) would move it too.
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(
                      Distribution.metric(
                          port, "pullwarden_lease_renewals_total", Map.of("outcome", "max_ttl")))
                  .as("no new credential yet")
                  .isZero();
              assertThat(Distribution.metric(port, RENEWAL_DUE, Map.of("sync", "db")))
                  .as(RENEWAL_DUE + "{sync=db} after two renewals")
                  .isGreaterThanOrEqualTo(firstDue + 4);
            });
    assertThat(postgres.canLogin(first[0], first[1]))
        .as("the renewed login works past its first TTL")
        .isTrue();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(username("vault-0", "db-pull"))
                    .as("username in vault-0, once the first login's maximum TTL nears")
                    .isNotNull()
                    .isNotEqualTo(first[0]));
    String[] second = login("vault-0", "db-pull");
    assertThat(postgres.canLogin(second[0], second[1])).as("the new login works").isTrue();
    assertThat(postgres.canLogin(first[0], first[1]))
        .as("the old login still works at the switch")
        .isTrue();
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(usernames("db-pull"))
                    .as("username per namespace")
                    .allSatisfy((ns, username) -> assertThat(username).isEqualTo(second[0])));
    assertThat(
            Distribution.metric(
                port, "pullwarden_lease_renewals_total", Map.of("outcome", "max_ttl")))
        .isEqualTo(1);
  }

  @Test
  void anOutageOpensTheCircuitLeavesSecretsAloneAndTheAgentRecovers(VaultServer vault)
      throws Exception {
    vault
        .api()
        .write(
            "secret/data/e2e/outage",
            Map.of("data", Map.of("username", "robot", "password", "before")));
    URI address = vault.address();
    try (TcpProxy proxy = TcpProxy.to(address.getPort())) {
      ResilienceSpec resilience = new ResilienceSpec();
      resilience.setMaxAttempts(1);
      resilience.setOpenDuration("5s");
      resilience.setTimeout("2s");
      source("vault-outage", "http://127.0.0.1:" + proxy.port(), null, resilience);
      cluster.sync(
          "outage",
          "vault-outage",
          "unused",
          SERVER,
          "vault",
          spec -> {
            spec.setRefreshInterval("1s");
            spec.getRegistries().get(0).setRef(Map.of("kv", Map.of("path", "e2e/outage")));
          });
      await()
          .atMost(TestCluster.PATIENCE)
          .untilAsserted(
              () -> cluster.assertWrittenEverywhere(NAMESPACES, "outage-pull", SERVER, "before"));
      String version = cluster.secret("vault-0", "outage-pull").getMetadata().getResourceVersion();

      proxy.cut();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          Distribution.metric(
                              port,
                              "resilience4j_circuitbreaker_state",
                              Map.of("name", "vault-outage", "state", "open")))
                      .as("resilience4j_circuitbreaker_state{name=vault-outage,state=open}")
                      .isEqualTo(1.0));
      cluster.awaitCondition("outage", "Degraded", "True");
      assertThat(cluster.secret("vault-0", "outage-pull").getMetadata().getResourceVersion())
          .as("an outage leaves the Secret alone")
          .isEqualTo(version);
      vault
          .api()
          .write(
              "secret/data/e2e/outage",
              Map.of("data", Map.of("username", "robot", "password", "after")));

      proxy.resume();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> cluster.assertWrittenEverywhere(NAMESPACES, "outage-pull", SERVER, "after"));
      cluster.awaitCondition("outage", "Ready", "True");
    }
  }

  private static void source(
      String name, String address, LeasePolicySpec leases, ResilienceSpec resilience) {
    new TestCluster(client)
        .vaultSource(
            name,
            address,
            TestCluster.tokenLogin("vault-token"),
            TestCluster.allowedTo("vault"),
            spec -> {
              spec.setLeases(leases);
              spec.setResilience(resilience);
            });
  }

  private double fetches(String source) throws Exception {
    return Distribution.metric(
        port,
        "pullwarden_source_requests_total",
        Map.of("source", source, "operation", "fetch", "outcome", "success"));
  }

  /** The username in each namespace's Secret, or null; failures may print it, not passwords. */
  private Map<String, String> usernames(String secretName) {
    Map<String, String> usernames = new LinkedHashMap<>();
    NAMESPACES.forEach(ns -> usernames.put(ns, username(ns, secretName)));
    return usernames;
  }

  private String username(String namespace, String secretName) {
    String[] login = login(namespace, secretName);
    return login == null ? null : login[0];
  }

  /** The username and password the written Secret holds, or null. */
  private String[] login(String namespace, String secretName) {
    Secret secret = cluster.secret(namespace, secretName);
    if (secret == null) {
      return null;
    }
    try {
      var auth =
          new ObjectMapper()
              .readTree(Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")))
              .path("auths")
              .path(SERVER);
      return new String[] {auth.path("username").asText(), auth.path("password").asText()};
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
