package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.RegistryCheckStatus;
import io.pullwarden.agent.customresource.RegistrySpec;
import io.pullwarden.agent.customresource.RegistrySpec.Verify;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.MotoExtension;
import io.pullwarden.testenv.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * ECR tokens are checked with the registry at their {@code proxyEndpoint} before they are written
 * (issue 14), as deployed: the launched distribution, moto's GetAuthorizationToken, and real
 * registries behind the proxyEndpoint's host name on port 443 ({@link EcrScene}). A sync's registry
 * entry names no server, so the server is the one the store named and the check trusts the JVM's
 * CAs only. A registry that refuses the token holds it back under Enforce; one that cannot be
 * reached or trusted never does, and never receives it. A sync's author cannot have the token sent
 * to a server of their choosing unless the source lists it. No token in any status, Event or log
 * line.
 */
@ExtendWith({OwnApiServer.class, MotoExtension.class})
class EcrVerifyIT {

  private static EcrScene scene;
  private static KubernetesClient client;
  private static TestCluster cluster;

  @BeforeAll
  static void start(KubernetesServer server, MotoServer moto, @TempDir Path work) throws Exception {
    scene = EcrScene.start(server, moto, work);
    client = server.newClient();
    cluster = new TestCluster(client);
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (scene != null) {
      scene.close();
    }
  }

  @Test
  void aTokenTheRegistryTakesIsCheckedAtTheProxyEndpointAndWritten() throws Exception {
    List<String> namespaces = namespaces("ecr-ok", 2);
    sync("ecr-ok", Verify.Enforce, List.of(ecrRegistry(null)));

    String host = scene.host(EcrScene.ACCEPTING);
    awaitWritten(namespaces, "ecr-ok-pull", host, scene.token(EcrScene.ACCEPTING));
    RegistryCheckStatus check = awaitOutcomes("ecr-ok", "Accepted").getFirst();
    assertThat(check.getServer()).as("the server checked").isEqualTo(host);
    assertThat(check.getVerify()).isEqualTo("Enforce");
    // The registry logs a request after it answered it.
    await()
        .atMost(LOG_LAG)
        .untilAsserted(
            () ->
                assertThat(agentRequests(EcrScene.ACCEPTING))
                    .as("the agent's logins the registry behind %s answered", host)
                    .anyMatch(
                        line ->
                            line.contains("http.request.host=" + host + " ")
                                && line.contains("http.response.status=200 ")));
    cluster.awaitCondition("ecr-ok", "Ready", "True");
    assertNoToken("ecr-ok", EcrScene.ACCEPTING);
  }

  @Test
  void aTokenTheRegistryRefusesIsNotWrittenAndTheLastGoodSecretsStay() throws Exception {
    List<String> namespaces = namespaces("ecr-refused", 2);
    String refusing = scene.host(EcrScene.REFUSING);
    sync("ecr-refused", Verify.Enforce, List.of(ecrRegistry(EcrScene.REFUSING)));

    Condition stalled = cluster.awaitCondition("ecr-refused", "Stalled", "True");
    assertThat(stalled.getReason()).isEqualTo("CredentialRejected");
    assertThat(stalled.getMessage()).contains("GET https://" + refusing + "/v2/");
    RegistryCheckStatus rejected = awaitOutcomes("ecr-refused", "Rejected").getFirst();
    assertThat(rejected.getServer()).isEqualTo(refusing);
    assertThat(rejected.getHttpStatus()).isEqualTo(401);
    namespaces.forEach(
        ns ->
            assertThat(cluster.secretLabels(ns, "ecr-refused-pull"))
                .as("Secret ecr-refused-pull in %s, first sync, token refused", ns)
                .isEmpty());

    // The sync's own account is taken: written. Then a second registry whose check is refused.
    String accepting = scene.host(EcrScene.ACCEPTING);
    sync("ecr-refused", Verify.Enforce, List.of(ecrRegistry(null)));
    awaitWritten(namespaces, "ecr-refused-pull", accepting, scene.token(EcrScene.ACCEPTING));
    String before =
        cluster
            .secret(namespaces.getFirst(), "ecr-refused-pull")
            .getMetadata()
            .getResourceVersion();
    sync("ecr-refused", Verify.Enforce, List.of(ecrRegistry(null), ecrRegistry(EcrScene.REFUSING)));

    assertThat(awaitOutcomes("ecr-refused", "Accepted", "Rejected"))
        .extracting(RegistryCheckStatus::getServer)
        .containsExactly(accepting, refusing);
    // Read after the status of this spec is there, not the first step's Stalled.
    cluster.awaitCondition("ecr-refused", "Stalled", "True");
    for (String ns : namespaces) {
      assertThat(cluster.writtenPassword(ns, "ecr-refused-pull", refusing))
          .as("the refused registry's login in %s", ns)
          .isEmpty();
    }
    cluster.assertWrittenEverywhere(
        namespaces, "ecr-refused-pull", accepting, scene.token(EcrScene.ACCEPTING));
    assertThat(
            cluster
                .secret(namespaces.getFirst(), "ecr-refused-pull")
                .getMetadata()
                .getResourceVersion())
        .as("the last good Secret is left as it was")
        .isEqualTo(before);
    assertNoToken("ecr-refused", EcrScene.ACCEPTING, EcrScene.REFUSING);
  }

  @Test
  void aRegistryThatCannotBeReachedOrResolvedNeverHoldsTheTokenBack() throws Exception {
    List<String> namespaces = namespaces("ecr-down", 2);
    sync(
        "ecr-down",
        Verify.Enforce,
        List.of(ecrRegistry(EcrScene.DOWN), ecrRegistry(EcrScene.UNMAPPED)));

    String down = scene.host(EcrScene.DOWN);
    String unmapped = scene.host(EcrScene.UNMAPPED);
    awaitWritten(namespaces, "ecr-down-pull", down, scene.token(EcrScene.DOWN));
    awaitWritten(namespaces, "ecr-down-pull", unmapped, scene.token(EcrScene.UNMAPPED));
    List<RegistryCheckStatus> checks = awaitOutcomes("ecr-down", "Unverified", "Unverified");
    assertThat(checks).extracting(RegistryCheckStatus::getServer).containsExactly(down, unmapped);
    assertThat(checks.get(0).getMessage()).contains("https://" + down);
    assertThat(checks.get(1).getMessage()).contains("https://" + unmapped);
    cluster.awaitCondition("ecr-down", "Ready", "True");
    assertNoToken("ecr-down", EcrScene.DOWN, EcrScene.UNMAPPED);
  }

  @Test
  void aRegistryTheJvmDoesNotTrustIsNeverSentTheToken() throws Exception {
    List<String> namespaces = namespaces("ecr-untrusted", 1);
    String host = scene.host(EcrScene.UNTRUSTED);
    // The sync's author offers the registry's own CA and no verification at all: neither counts
    // for a server the store named (docs/security.md), so the JVM's trust decides.
    RegistrySpec registry = ecrRegistry(EcrScene.UNTRUSTED);
    registry.setCaBundle(scene.registry(EcrScene.UNTRUSTED).caCertificatePem());
    registry.setInsecureSkipTLSVerify(true);
    sync("ecr-untrusted", Verify.Enforce, List.of(registry));

    awaitWritten(namespaces, "ecr-untrusted-pull", host, scene.token(EcrScene.UNTRUSTED));
    RegistryCheckStatus check = awaitOutcomes("ecr-untrusted", "Unverified").getFirst();
    assertThat(check.getMessage()).contains("TLS with https://" + host);
    await()
        .atMost(LOG_LAG)
        .untilAsserted(
            () ->
                assertThat(scene.registry(EcrScene.UNTRUSTED).logLines())
                    .as("the agent reached the untrusted registry")
                    .anyMatch(line -> line.contains("TLS handshake error")));
    assertThat(agentRequests(EcrScene.UNTRUSTED)).as("requests the agent sent past TLS").isEmpty();
    assertNoToken("ecr-untrusted", EcrScene.UNTRUSTED);
  }

  @Test
  void aSyncCannotSendTheTokenToAServerItNamesUnlessTheSourceListsIt() throws Exception {
    try (RecordingListener attacker = RecordingListener.askingForBasicLogin()) {
      // No scheme: on loopback the check would try TLS, then plain http, with no weak-transport
      // consent needed, so only the source's list stands between the token and the listener.
      String server = attacker.authority();
      namespaces("ecr-redirect", 1);
      RegistrySpec elsewhere = ecrRegistry(null);
      elsewhere.setServer(server);
      sync("ecr-redirect", Verify.Enforce, List.of(elsewhere));

      // The status is written after the check: once it is there, whatever was sent has arrived.
      await().atMost(TestCluster.PATIENCE).until(() -> checks("ecr-redirect").size() == 1);
      assertThat(attacker.receivedAuthorization())
          .as("an Authorization header reached the sync author's server")
          .isFalse();
      RegistryCheckStatus check = awaitOutcomes("ecr-redirect", "Unverified").getFirst();
      assertThat(check.getServer()).isEqualTo(server);
      assertThat(check.getMessage())
          .contains("does not list " + server + " in spec.verifyRegistries");

      // The same server listed by the source's owner does get the token: the listener would see it.
      EcrScene.source(client, scene.moto(), "ecr-listed", List.of(server));
      RegistrySpec listed = ecrRegistry(null);
      listed.setServer(server);
      listed.setSourceRef("ecr-listed");
      namespaces("ecr-listed", 1);
      sync("ecr-listed", Verify.Warn, List.of(listed));
      await()
          .atMost(TestCluster.PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(attacker.receivedAuthorization())
                      .as("an Authorization header reached the listed server")
                      .isTrue());
      assertThat(awaitOutcomes("ecr-listed", "Rejected").getFirst().getHttpStatus()).isEqualTo(401);
      assertNoToken("ecr-redirect", EcrScene.ACCEPTING);
      assertNoToken("ecr-listed", EcrScene.ACCEPTING);
    }
  }

  /**
   * The agent's requests (user agent pullwarden) that {@code account}'s registry answered: one
   * {@code response completed} line each, with the Host it was addressed to and its status.
   */
  /** How long a registry may take to write a request's log line after answering it. */
  private static final Duration LOG_LAG = Duration.ofSeconds(10);

  private static List<String> agentRequests(String account) {
    return scene.registry(account).logLines().stream()
        .filter(line -> line.contains("msg=\"response completed\""))
        .filter(line -> line.contains("http.request.useragent=pullwarden "))
        .toList();
  }

  /** An ECR registry entry with no server: {@code registryId} or, when null, the own account. */
  private static RegistrySpec ecrRegistry(String registryId) {
    RegistrySpec registry = new RegistrySpec();
    registry.setSourceRef(EcrScene.SOURCE);
    registry.setRef(registryId == null ? Map.of() : Map.of("registryId", registryId));
    return registry;
  }

  private static void sync(String name, Verify verify, List<RegistrySpec> registries) {
    registries.forEach(registry -> registry.setVerify(verify));
    cluster.sync(
        name,
        EcrScene.SOURCE,
        "unused",
        "unused",
        name,
        spec -> spec.setRegistries(new ArrayList<>(registries)));
  }

  private static List<String> namespaces(String label, int count) {
    List<String> names = IntStream.range(0, count).mapToObj(i -> label + "-" + i).toList();
    names.forEach(name -> cluster.namespace(name, Map.of(label, "true", EcrScene.LABEL, "true")));
    return names;
  }

  private static void awaitWritten(
      List<String> namespaces, String secret, String server, String password) {
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(() -> cluster.assertWrittenEverywhere(namespaces, secret, server, password));
  }

  /** Waits for status.registries to hold exactly {@code outcomes}, in order; returns them. */
  private static List<RegistryCheckStatus> awaitOutcomes(String sync, String... outcomes) {
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(checks(sync))
                    .extracting(RegistryCheckStatus::getOutcome)
                    .containsExactly(outcomes));
    return checks(sync);
  }

  private static List<RegistryCheckStatus> checks(String sync) {
    PullSecretSync found = cluster.getSync(sync);
    return found.getStatus() == null || found.getStatus().getRegistries() == null
        ? List.of()
        : found.getStatus().getRegistries();
  }

  /** No form of the accounts' tokens in the sync's status, Events about it, or the agent's log. */
  private static void assertNoToken(String sync, String... accounts) throws Exception {
    String status = Serialization.asJson(cluster.getSync(sync).getStatus());
    List<Event> events =
        client.events().v1().events().inNamespace("default").list().getItems().stream()
            .filter(event -> sync.equals(event.getRegarding().getName()))
            .toList();
    String eventText = Serialization.asJson(events);
    String log = scene.agentLog();
    for (String account : accounts) {
      for (String token : scene.tokenForms(account)) {
        assertThat(status.contains(token)).as("a token in the status of %s", sync).isFalse();
        assertThat(eventText.contains(token)).as("a token in Events about %s", sync).isFalse();
        assertThat(log.contains(token)).as("a token in the agent's log").isFalse();
      }
    }
  }
}
