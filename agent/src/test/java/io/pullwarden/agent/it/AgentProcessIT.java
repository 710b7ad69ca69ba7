package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.source.SecretAccess;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped agent as users run it — the distribution's launcher, {@code run}, the
 * kubernetes-secret plugin loaded by PF4J from {@code plugins/}, leader election, the kubeconfig of
 * the test API server — doubling as the secret-leak guard: known credential values go through a
 * sync, a rotation and two kinds of broken credential, and none may appear in the agent's logs, in
 * any Event, in any status or on {@code /metrics}. Runs in a JVM of its own (Failsafe does not
 * reuse forks in this module), so no in-process agent competes with it.
 */
@ExtendWith(OwnApiServer.class)
class AgentProcessIT {

  private static final String SERVER = "registry.process.test";
  private static final String FIRST = "Leak-Canary-0001-pw";
  private static final String SECOND = "Leak-Canary-0002-pw";
  private static final String IN_BROKEN_DOCUMENT = "Leak-Canary-0003-pw";

  @Test
  void theLaunchedAgentSyncsAnswersItsProbesAndNeverShowsACredential(
      KubernetesServer server, @TempDir Path work) throws Exception {
    Distribution distribution = Distribution.unpack(work);
    int port = FreePort.next();
    Path log = work.resolve("agent.log");
    try (KubernetesClient client = server.newClient()) {
      RunningAgent.prepare(client);
      Process agent = distribution.run(server, port, log, Map.of("POD_NAME", "agent-under-test"));
      TestCluster cluster = new TestCluster(client);
      try {
        cluster.namespace("process-a", Map.of("process", "true"));
        cluster.centralLogin("process-source", "process-cred", "robot", FIRST);
        cluster.source("process-source");
        cluster.sync("process", "process-source", "process-cred", SERVER, "process", spec -> {});
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () -> assertThat(password(cluster)).as("password in process-a").isEqualTo(FIRST));
        assertThat(Distribution.status(port, "/readyz")).isEqualTo(200);
        assertThat(Distribution.status(port, "/healthz")).isEqualTo(200);

        cluster.centralLogin("process-source", "process-cred", "robot", SECOND);
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () -> assertThat(password(cluster)).as("password in process-a").isEqualTo(SECOND));

        // Broken: a password key gone, then a .dockerconfigjson that is not JSON.
        replaceCentral(client, Map.of("username", "robot"));
        cluster.awaitCondition("process", "Degraded", "True");
        replaceCentral(
            client, Map.of(".dockerconfigjson", "{\"auths\": {\"x\": " + IN_BROKEN_DOCUMENT));
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(cluster.getSync("process").getStatus().getConditions())
                        .extracting(Condition::getReason)
                        .as("reasons of sync process's conditions")
                        .contains("InvalidCredential"));
        assertThat(password(cluster)).as("a broken credential changes nothing").isEqualTo(SECOND);

        assertNoCanaryIn("/metrics", Distribution.get(port, "/metrics"));
        assertNoCanaryIn(
            "Events", Serialization.asJson(client.v1().events().inAnyNamespace().list()));
        assertNoCanaryIn(
            "PullSecretSync status",
            Serialization.asJson(client.resources(PullSecretSync.class).list()));
        assertNoCanaryIn(
            "CredentialSource status",
            Serialization.asJson(client.resources(CredentialSource.class).list()));
      } finally {
        agent.destroy();
        assertThat(agent.waitFor(20, TimeUnit.SECONDS)).as("the agent stops on SIGTERM").isTrue();
      }
      String logged = Files.readString(log);
      assertThat(logged)
          .contains("\"message\":\"running; probes on port " + port)
          .contains("agent-under-test now leads");
      assertNoCanaryIn("the agent's log", logged);
    }
  }

  private static String password(TestCluster cluster) {
    return cluster.writtenPassword("process-a", "process-pull", SERVER).orElse("");
  }

  private static void replaceCentral(KubernetesClient client, Map<String, String> data) {
    client
        .secrets()
        .inNamespace(RunningAgent.AGENT_NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("process-cred")
                .withAnnotations(Map.of(SecretAccess.ANNOTATION, "process-source"))
                .endMetadata()
                .withStringData(data)
                .build())
        .update();
  }

  private static void assertNoCanaryIn(String where, String text) {
    List<String> forbidden = new ArrayList<>();
    for (String password : List.of(FIRST, SECOND, IN_BROKEN_DOCUMENT)) {
      forbidden.add(password);
      forbidden.add(Base64.getEncoder().encodeToString(("robot:" + password).getBytes()));
    }
    for (String value : forbidden) {
      assertThat(text.contains(value)).as("a credential value appears in " + where).isFalse();
    }
  }
}
