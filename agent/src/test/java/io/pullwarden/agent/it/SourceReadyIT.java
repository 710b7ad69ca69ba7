package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.ResilienceSpec;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.TcpProxy;
import io.pullwarden.testenv.VaultExtension;
import io.pullwarden.testenv.VaultServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CredentialSource's Ready condition follows the syncs' calls to real OpenBao in the launched
 * distribution: when OpenBao goes away, the next failing call turns it False with the failure's
 * reason, in seconds rather than at the next five-minute check; when it is back, the next
 * successful call turns it True again. kstatus (Flux, kpt, Argo CD) reads both the source and its
 * sync as InProgress meanwhile — retried, not Failed — and Current again after.
 */
@ExtendWith({OwnApiServer.class, VaultExtension.class})
class SourceReadyIT {

  private static final String SERVER = "registry.ready.test";
  private static final String NAMESPACE = "ready-0";
  private static final Duration ONE_FAILING_CALL = Duration.ofSeconds(20);

  @Test
  void readyTurnsFalseWithinOneFailingCallAndTrueAfterTheNextSuccess(
      KubernetesServer server, VaultServer vault, @TempDir Path work) throws Exception {
    KubernetesClient client = server.newClient();
    TestCluster cluster = new TestCluster(client);
    RunningAgent.prepare(client);
    cluster.storeToken("vault-ready-token", "vault-ready", vault.rootToken());
    cluster.namespace(NAMESPACE, Map.of("ready", "true"));
    vault
        .api()
        .write(
            "secret/data/e2e/ready", Map.of("data", Map.of("username", "robot", "password", "pw")));
    int port = FreePort.next();
    Process agent =
        Distribution.unpack(work)
            .run(server, port, work.resolve("agent.log"), Map.of(), "--no-leader-election");
    try (TcpProxy proxy = TcpProxy.to(vault.address().getPort())) {
      source(client, "http://127.0.0.1:" + proxy.port());
      cluster.sync(
          "ready",
          "vault-ready",
          "unused",
          SERVER,
          "ready",
          spec -> {
            spec.setRefreshInterval("2s");
            spec.getRegistries().get(0).setRef(Map.of("kv", Map.of("path", "e2e/ready")));
          });
      await()
          .atMost(TestCluster.PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(cluster.writtenPassword(NAMESPACE, "ready-pull", SERVER))
                      .as("password in " + NAMESPACE)
                      .isPresent());
      cluster.awaitSourceReady("vault-ready", "True");

      assertThat(kstatus(client)).containsExactly("Current", "Current");

      proxy.cut();
      awaitReady(cluster, "False", "SourceUnavailable");
      await()
          .atMost(ONE_FAILING_CALL)
          .untilAsserted(
              () ->
                  assertThat(kstatus(client))
                      .as("kstatus of the source and its sync while the store is down")
                      .containsExactly("InProgress", "InProgress"));
      // The call's failure turned it False (the source's own check is 5 min away while it is
      // Ready): its Warning says so. The backoff's recheck (200 ms–2 s in the tests) may have
      // replaced the condition's message with its own health check's by now.
      await()
          .atMost(ONE_FAILING_CALL)
          .untilAsserted(
              () ->
                  assertThat(client.events().v1().events().inNamespace("default").list().getItems())
                      .filteredOn(e -> "vault-ready".equals(e.getRegarding().getName()))
                      .filteredOn(e -> "SourceUnavailable".equals(e.getReason()))
                      .extracting(e -> e.getNote())
                      .as("notes of the source's SourceUnavailable Events")
                      .anySatisfy(
                          note -> assertThat(note).containsPattern("^(version|fetch) failed: ")));
      assertThat(cluster.sourceReady("vault-ready").orElseThrow().getMessage())
          .doesNotContain(vault.rootToken());

      proxy.resume();
      awaitReady(cluster, "True", "Ready");
      await()
          .atMost(TestCluster.PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(kstatus(client))
                      .as("kstatus of the source and its sync once the store is back")
                      .containsExactly("Current", "Current"));
    } finally {
      agent.destroy();
      agent.waitFor(20, TimeUnit.SECONDS);
      client.close();
    }
  }

  /**
   * How kstatus (Flux, kpt, Argo CD) reads the source and its sync: a store that is down is
   * retried, so InProgress, never Failed.
   */
  private static List<String> kstatus(KubernetesClient client) {
    return Stream.of(
            client.resources(CredentialSource.class).withName("vault-ready").get(),
            client.resources(PullSecretSync.class).withName("ready").get())
        .map(resource -> Kstatus.of(Serialization.asJson(resource)).status())
        .toList();
  }

  /** Waits one failing call at most for the source's Ready to read {@code status, reason}. */
  private static void awaitReady(TestCluster cluster, String status, String reason) {
    await()
        .atMost(ONE_FAILING_CALL)
        .untilAsserted(
            () ->
                assertThat(cluster.sourceReady("vault-ready"))
                    .get()
                    .extracting(Condition::getStatus, Condition::getReason)
                    .containsExactly(status, reason));
  }

  private static void source(KubernetesClient client, String address) {
    ResilienceSpec resilience = new ResilienceSpec();
    resilience.setMaxAttempts(1);
    resilience.setTimeout("2s");
    // A circuit that opens late and briefly, so the first reason is the store's own.
    resilience.setFailureRateThreshold(100);
    resilience.setOpenDuration("1s");
    new TestCluster(client)
        .vaultSource(
            "vault-ready",
            address,
            TestCluster.tokenLogin("vault-ready-token"),
            TestCluster.allowedTo("ready"),
            spec -> spec.setResilience(resilience));
  }
}
