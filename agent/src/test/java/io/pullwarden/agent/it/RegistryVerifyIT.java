package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.RegistryCheckStatus;
import io.pullwarden.agent.customresource.RegistrySpec;
import io.pullwarden.agent.customresource.RegistrySpec.Verify;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.RegistryServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A credential is proven with a real registry (Debian's docker-registry, htpasswd over plain http)
 * before it is written: Enforce holds back one the registry rejects, Warn writes it and says so, a
 * registry that cannot be reached never holds one back, and the registry sees one login per change
 * whatever the namespace count (counted in its own log). No status or Event holds a password.
 */
@ExtendWith(AgentExtension.class)
class RegistryVerifyIT {

  private static RegistryServer registry;

  @BeforeAll
  static void startRegistry() {
    registry = RegistryServer.start("verify-registry");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void enforceKeepsTheLastCredentialWhileTheRegistryRejectsTheNewOne(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    String user = "enforce-robot";
    String good = password();
    String wrong = password();
    registry.addUser(user, good);
    List<String> namespaces = namespaces(cluster, "verify-enforce", 2);
    checkedSync(
        cluster,
        "verify-enforce",
        registry.host(),
        user,
        good,
        entry -> entry.setVerify(Verify.Enforce));
    awaitWritten(cluster, namespaces, "verify-enforce-pull", good);
    awaitOutcome(cluster, "verify-enforce", "Accepted");

    cluster.centralLogin("verify-enforce-src", "verify-enforce-cred", user, wrong);

    Condition stalled = cluster.awaitCondition("verify-enforce", "Stalled", "True");
    assertThat(stalled.getReason()).isEqualTo("CredentialRejected");
    assertThat(stalled.getMessage()).contains(registry.host()).contains("HTTP 401");
    cluster.assertWrittenEverywhere(namespaces, "verify-enforce-pull", registry.host(), good);
    RegistryCheckStatus rejected = awaitOutcome(cluster, "verify-enforce", "Rejected");
    assertThat(rejected.getHttpStatus()).isEqualTo(401);
    assertNoPassword(cluster, "verify-enforce", good, wrong);

    String fixed = password();
    registry.changePassword(user, fixed);
    cluster.centralLogin("verify-enforce-src", "verify-enforce-cred", user, fixed);

    awaitWritten(cluster, namespaces, "verify-enforce-pull", fixed);
    cluster.awaitCondition("verify-enforce", "Ready", "True");
    awaitOutcome(cluster, "verify-enforce", "Accepted");
  }

  @Test
  void warnWritesARejectedCredentialAndReportsIt(RunningAgent agent) throws Exception {
    TestCluster cluster = new TestCluster(agent.client());
    String user = "warn-robot";
    String wrong = password();
    registry.addUser(user, password());
    List<String> namespaces = namespaces(cluster, "verify-warn", 2);
    checkedSync(
        cluster,
        "verify-warn",
        registry.host(),
        user,
        wrong,
        entry -> entry.setVerify(Verify.Warn));

    awaitWritten(cluster, namespaces, "verify-warn-pull", wrong);
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> {
              RegistryCheckStatus check = check(cluster, "verify-warn");
              assertThat(check.getOutcome()).isEqualTo("Rejected");
              assertThat(check.getHttpStatus()).isEqualTo(401);
              assertThat(check.getCheckedAt()).isNotNull();
              assertThat(events(cluster, "verify-warn"))
                  .extracting(e -> e.getType() + " " + e.getReason())
                  .contains("Warning CredentialRejected");
            });
    assertThat(scrape(agent))
        .contains(
            "pullwarden_registry_checks_total{outcome=\"Rejected\",server=\""
                + registry.host()
                + "\",sync=\"verify-warn\"} 1.0");
    assertNoPassword(cluster, "verify-warn", wrong);
  }

  @Test
  void aRegistryWithAPrivateCaIsCheckedThroughItsCaBundle(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    try (RegistryServer tls = RegistryServer.startTls("verify-tls-registry")) {
      String wrong = password();
      List<String> namespaces = namespaces(cluster, "verify-tls", 1);
      checkedSync(
          cluster,
          "verify-tls",
          tls.host(),
          tls.username(),
          wrong,
          entry -> {
            entry.setVerify(Verify.Enforce);
            entry.setCaBundle(tls.caCertificatePem());
          });
      Condition stalled = cluster.awaitCondition("verify-tls", "Stalled", "True");
      assertThat(stalled.getReason()).isEqualTo("CredentialRejected");
      assertThat(stalled.getMessage()).contains("GET https://" + tls.host() + "/v2/");

      cluster.centralLogin("verify-tls-src", "verify-tls-cred", tls.username(), tls.password());
      awaitWritten(cluster, namespaces, "verify-tls-pull", tls.password(), tls.host());
      awaitOutcome(cluster, "verify-tls", "Accepted");

      // Without the bundle the agent cannot trust the registry: unverified, and written anyway.
      cluster.centralLogin("verify-tls-src", "verify-tls-cred", tls.username(), wrong);
      cluster.sync(
          "verify-tls",
          "verify-tls-src",
          "verify-tls-cred",
          tls.host(),
          "verify-tls",
          spec -> spec.getRegistries().get(0).setVerify(Verify.Enforce));
      awaitWritten(cluster, namespaces, "verify-tls-pull", wrong, tls.host());
      RegistryCheckStatus check = awaitOutcome(cluster, "verify-tls", "Unverified");
      assertThat(check.getMessage()).contains("TLS with https://" + tls.host());
      assertNoPassword(cluster, "verify-tls", wrong, tls.password());
      cluster.client().resource(cluster.getSync("verify-tls")).delete();
    }
  }

  @Test
  void anUnreachableRegistryIsUnverifiedAndTheCredentialIsWrittenEvenUnderEnforce(
      RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    String nobody = "127.0.0.1:" + FreePort.next();
    String pw = password();
    List<String> namespaces = namespaces(cluster, "verify-down", 2);
    checkedSync(
        cluster, "verify-down", nobody, "robot", pw, entry -> entry.setVerify(Verify.Enforce));

    awaitWritten(cluster, namespaces, "verify-down-pull", pw, nobody);
    cluster.awaitCondition("verify-down", "Ready", "True");
    RegistryCheckStatus check = awaitOutcome(cluster, "verify-down", "Unverified");
    assertThat(check.getMessage()).contains(nobody);
    assertNoPassword(cluster, "verify-down", pw);
  }

  @Test
  void offWritesWithoutAskingTheRegistry(RunningAgent agent) throws Exception {
    TestCluster cluster = new TestCluster(agent.client());
    try (RegistryServer own = RegistryServer.start("verify-off-registry")) {
      String user = "off-robot";
      own.addUser(user, password());
      String wrong = password();
      List<String> namespaces = namespaces(cluster, "verify-off", 2);
      checkedSync(
          cluster, "verify-off", own.host(), user, wrong, entry -> entry.setVerify(Verify.Off));

      // A password the registry would refuse is written: Off asks nobody.
      awaitWritten(cluster, namespaces, "verify-off-pull", wrong, own.host());
      cluster.awaitCondition("verify-off", "Ready", "True");
      Thread.sleep(Duration.ofSeconds(5)); // two refreshes of 2 s
      assertThat(cluster.getSync("verify-off").getStatus().getRegistries())
          .as("checks in the status")
          .isNullOrEmpty();
      assertThat(own.logLines())
          .as("the agent's requests in the registry's log")
          .noneMatch(line -> line.contains("http.request.useragent=pullwarden"));
      assertNoPassword(cluster, "verify-off", wrong);
    }
  }

  @Test
  void theRegistrySeesOneLoginPerChangeWhateverTheNamespaceCount(RunningAgent agent)
      throws Exception {
    TestCluster cluster = new TestCluster(agent.client());
    try (RegistryServer own = RegistryServer.start("verify-count-registry")) {
      String user = "count-robot";
      String first = password();
      own.addUser(user, first);
      List<String> namespaces = namespaces(cluster, "verify-count", 6);
      checkedSync(
          cluster,
          "verify-count",
          own.host(),
          user,
          first,
          entry -> entry.setVerify(Verify.Enforce));
      awaitWritten(cluster, namespaces, "verify-count-pull", first, own.host());
      Thread.sleep(Duration.ofSeconds(5)); // two refreshes of 2 s
      assertThat(requests(own, "200")).as("logins in the registry's log").hasSize(1);

      String second = password();
      own.changePassword(user, second);
      cluster.centralLogin("verify-count-src", "verify-count-cred", user, second);
      awaitWritten(cluster, namespaces, "verify-count-pull", second, own.host());
      Thread.sleep(Duration.ofSeconds(5));
      assertThat(requests(own, "200")).as("logins in the registry's log").hasSize(2);
      cluster.client().resource(cluster.getSync("verify-count")).delete();
    }
  }

  /**
   * The agent's requests in {@code registry}'s log (its user agent is pullwarden) answered with
   * {@code status}: distribution logs a request as completed once it passed authentication, so 200s
   * are the logins.
   */
  private static List<String> requests(RegistryServer registry, String status) {
    return registry.logLines().stream()
        .filter(line -> line.contains("msg=\"response completed\""))
        .filter(line -> line.contains("http.request.useragent=pullwarden "))
        .filter(line -> line.contains("http.response.status=" + status + " "))
        .toList();
  }

  /**
   * Sync {@code name} over a {@link #checkingSource} {@code name-src} whose central login {@code
   * name-cred} holds {@code user} and {@code password}, writing it for {@code server} into the
   * namespaces labelled {@code name}; {@code registry} sets up its one registry entry.
   */
  static void checkedSync(
      TestCluster cluster,
      String name,
      String server,
      String user,
      String password,
      Consumer<RegistrySpec> registry) {
    cluster.centralLogin(name + "-src", name + "-cred", user, password);
    checkingSource(cluster, name + "-src");
    cluster.sync(
        name,
        name + "-src",
        name + "-cred",
        server,
        name,
        spec -> registry.accept(spec.getRegistries().get(0)));
  }

  /** A kubernetes-secret source, everywhere, whose credentials may be checked on loopback. */
  static void checkingSource(TestCluster cluster, String name) {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName(name);
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType("kubernetes-secret");
    spec.setConfig(Map.of("namespace", RunningAgent.AGENT_NAMESPACE));
    spec.setTargetNamespaces(TestCluster.everywhere());
    spec.setVerifyRegistries(List.of("127.0.0.1:*"));
    source.setSpec(spec);
    cluster.client().resource(source).serverSideApply();
  }

  static List<String> namespaces(TestCluster cluster, String label, int count) {
    List<String> names = IntStream.range(0, count).mapToObj(i -> label + "-" + i).toList();
    names.forEach(name -> cluster.namespace(name, Map.of(label, "true")));
    return names;
  }

  private static void awaitWritten(
      TestCluster cluster, List<String> namespaces, String secret, String password) {
    awaitWritten(cluster, namespaces, secret, password, registry.host());
  }

  static void awaitWritten(
      TestCluster cluster, List<String> namespaces, String secret, String password, String host) {
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(() -> cluster.assertWrittenEverywhere(namespaces, secret, host, password));
  }

  /** Waits for the sync's status to report {@code outcome}: it is patched after the writes. */
  static RegistryCheckStatus awaitOutcome(TestCluster cluster, String sync, String outcome) {
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(() -> assertThat(check(cluster, sync).getOutcome()).isEqualTo(outcome));
    return check(cluster, sync);
  }

  static RegistryCheckStatus check(TestCluster cluster, String sync) {
    PullSecretSync found = cluster.getSync(sync);
    assertThat(found.getStatus().getRegistries()).as("status.registries of %s", sync).hasSize(1);
    return found.getStatus().getRegistries().get(0);
  }

  static List<Event> events(TestCluster cluster, String sync) {
    return cluster.client().events().v1().events().inNamespace("default").list().getItems().stream()
        .filter(event -> sync.equals(event.getRegarding().getName()))
        .toList();
  }

  /** Neither the sync's status nor any Event about it holds one of {@code passwords}. */
  static void assertNoPassword(TestCluster cluster, String sync, String... passwords) {
    String status = Serialization.asJson(cluster.getSync(sync).getStatus());
    String events = Serialization.asJson(events(cluster, sync));
    for (String password : passwords) {
      assertThat(status.contains(password)).as("a password in the status of %s", sync).isFalse();
      assertThat(events.contains(password)).as("a password in Events about %s", sync).isFalse();
    }
  }

  private static String scrape(RunningAgent agent) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client
          .send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + agent.httpPort() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  static String password() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
