package io.pullwarden.agent.it;

import static io.pullwarden.agent.it.RegistryVerifyIT.assertNoPassword;
import static io.pullwarden.agent.it.RegistryVerifyIT.awaitOutcome;
import static io.pullwarden.agent.it.RegistryVerifyIT.awaitWritten;
import static io.pullwarden.agent.it.RegistryVerifyIT.check;
import static io.pullwarden.agent.it.RegistryVerifyIT.checkedSync;
import static io.pullwarden.agent.it.RegistryVerifyIT.events;
import static io.pullwarden.agent.it.RegistryVerifyIT.namespaces;
import static io.pullwarden.agent.it.RegistryVerifyIT.password;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.agent.customresource.RegistryCheckStatus;
import io.pullwarden.agent.customresource.RegistrySpec.Verify;
import io.pullwarden.testenv.TokenRegistryServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Verify-before-rollout against a real registry with Bearer token auth (Debian's docker-registry
 * and distribution's own token server, {@link TokenRegistryServer}), as RegistryVerifyIT does
 * against htpasswd: under Enforce a password the token service refuses is not rolled out and the
 * Secrets keep the last good one until the store holds the fixed one; under Warn a login that may
 * not pull the sync's repository is written and reported with the registry's 401; a token service
 * on another host is asked only once the source lists it. No status or Event holds a password.
 */
@ExtendWith(AgentExtension.class)
class BearerVerifyIT {

  private static TokenRegistryServer registry;

  @BeforeAll
  static void startRegistry() {
    registry = TokenRegistryServer.start("bearer-verify-registry");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void enforceHoldsBackAPasswordTheTokenServiceRefuses(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    String user = "enforce-robot";
    String good = password();
    String wrong = password();
    registry.addUser(user, good);
    List<String> namespaces = namespaces(cluster, "bearer-enforce", 2);
    checkedSync(
        cluster,
        "bearer-enforce",
        registry.host(),
        user,
        good,
        entry -> {
          entry.setVerify(Verify.Enforce);
          entry.setRepository(user + "/app");
        });
    awaitWritten(cluster, namespaces, "bearer-enforce-pull", good, registry.host());
    awaitOutcome(cluster, "bearer-enforce", "Accepted");

    cluster.centralLogin("bearer-enforce-src", "bearer-enforce-cred", user, wrong);

    Condition stalled = cluster.awaitCondition("bearer-enforce", "Stalled", "True");
    assertThat(stalled.getReason()).isEqualTo("CredentialRejected");
    assertThat(stalled.getMessage()).contains("HTTP 401").contains("GET " + registry.tokenRealm());
    cluster.assertWrittenEverywhere(namespaces, "bearer-enforce-pull", registry.host(), good);
    assertThat(awaitOutcome(cluster, "bearer-enforce", "Rejected").getHttpStatus()).isEqualTo(401);
    assertNoPassword(cluster, "bearer-enforce", good, wrong);

    String fixed = password();
    registry.changePassword(user, fixed);
    cluster.centralLogin("bearer-enforce-src", "bearer-enforce-cred", user, fixed);

    awaitWritten(cluster, namespaces, "bearer-enforce-pull", fixed, registry.host());
    cluster.awaitCondition("bearer-enforce", "Ready", "True");
    awaitOutcome(cluster, "bearer-enforce", "Accepted");
    cluster.client().resource(cluster.getSync("bearer-enforce")).delete();
  }

  @Test
  void aTokenServiceOnAnotherHostIsAskedOnlyOnceTheSourceListsIt(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    try (TokenRegistryServer split =
        TokenRegistryServer.startWithTokenServiceOn("bearer-split-verify-registry", "127.0.0.2")) {
      List<String> namespaces = namespaces(cluster, "bearer-split", 1);
      cluster.centralLogin("bearer-split-src", "bearer-split-cred", split.username(), "wrong");
      source(cluster, "bearer-split-src", List.of("127.0.0.1:*"));
      cluster.sync(
          "bearer-split",
          "bearer-split-src",
          "bearer-split-cred",
          split.host(),
          "bearer-split",
          spec -> spec.getRegistries().get(0).setVerify(Verify.Enforce));

      // Not asked, so not refused: written even under Enforce, and the token service saw nothing.
      awaitWritten(cluster, namespaces, "bearer-split-pull", "wrong", split.host());
      assertThat(awaitOutcome(cluster, "bearer-split", "Unverified").getMessage())
          .contains("plain http on another host")
          .contains("http://127.0.0.2:");
      assertThat(split.tokenServiceLogLines())
          .noneMatch(line -> line.contains("http.request.useragent=pullwarden "));

      source(cluster, "bearer-split-src", List.of("127.0.0.1:*", "http://127.0.0.2:*"));
      cluster.awaitCondition("bearer-split", "Stalled", "True");
      assertThat(awaitOutcome(cluster, "bearer-split", "Rejected").getMessage())
          .contains("GET " + split.tokenRealm());
      cluster.client().resource(cluster.getSync("bearer-split")).delete();
    }
  }

  /** A kubernetes-secret source, everywhere, whose credentials may go to {@code verify}. */
  private static void source(TestCluster cluster, String name, List<String> verify) {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName(name);
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType("kubernetes-secret");
    spec.setConfig(Map.of("namespace", RunningAgent.AGENT_NAMESPACE));
    spec.setTargetNamespaces(TestCluster.everywhere());
    spec.setVerifyRegistries(verify);
    source.setSpec(spec);
    cluster.client().resource(source).serverSideApply();
  }

  @Test
  void warnWritesALoginThatMayNotPullTheRepositoryAndReportsIt(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    String user = "warn-robot";
    String pw = password();
    registry.addUser(user, pw);
    List<String> namespaces = namespaces(cluster, "bearer-warn", 2);
    // The token service logs warn-robot in, but grants pulls only of warn-robot/...
    checkedSync(
        cluster,
        "bearer-warn",
        registry.host(),
        user,
        pw,
        entry -> {
          entry.setVerify(Verify.Warn);
          entry.setRepository("team/app");
        });

    awaitWritten(cluster, namespaces, "bearer-warn-pull", pw, registry.host());
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> {
              RegistryCheckStatus check = check(cluster, "bearer-warn");
              assertThat(check.getOutcome()).isEqualTo("Rejected");
              assertThat(check.getHttpStatus()).isEqualTo(401);
              assertThat(check.getMessage())
                  .contains("GET http://" + registry.host() + "/v2/team/app/tags/list");
              assertThat(events(cluster, "bearer-warn"))
                  .extracting(e -> e.getType() + " " + e.getReason())
                  .contains("Warning CredentialRejected");
            });
    assertNoPassword(cluster, "bearer-warn", pw);
    cluster.client().resource(cluster.getSync("bearer-warn")).delete();
  }
}
