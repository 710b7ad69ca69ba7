package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.fanout.ManagedSecret;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack that used to crash the agent at every start: Secrets of ~930 KB that carry
 * Pullwarden's labels, created by someone who may only create Secrets in one namespace (here made
 * before the chart's admission policy could refuse them, as on a cluster without it). The agent
 * runs as the distribution with the chart's JVM options ({@code agent.javaOpts}, read from the
 * chart, so this test follows them); it must start, stay up and serve a sync, because its cache
 * keeps no Secret data and reads Secrets in small pages.
 */
@ExtendWith(OwnApiServer.class)
class HostileSecretsIT {

  private static final String SERVER = "registry.hostile.test";

  /** The count and size of the report: 118 Secrets of ~930 KB. */
  private static final int HOSTILE_SECRETS = 118;

  private static final int HOSTILE_BYTES = 930 * 1024;

  @Test
  void largeSecretsBorrowingPullwardensLabelsDoNotStopTheAgentAtTheChartsHeap(
      KubernetesServer server, @TempDir Path work) throws Exception {
    try (KubernetesClient admin = server.newClient()) {
      RunningAgent.prepare(admin);
      TestCluster cluster = new TestCluster(admin);
      cluster.namespace("hostile-tenant", Map.of());
      cluster.namespace("hostile-ok", Map.of("hostile", "true"));
      String filler = Base64.getEncoder().encodeToString(new byte[HOSTILE_BYTES]);
      IntStream.range(0, HOSTILE_SECRETS)
          .parallel()
          .forEach(i -> admin.resource(hostile("borrowed-" + i, filler)).create());
      cluster.centralLogin("hostile-source", "hostile-cred", "robot", "good-password");
      cluster.source("hostile-source", TestCluster.allowedTo("hostile"));

      int port = FreePort.next();
      Process agent =
          Distribution.unpack(work)
              .run(
                  server,
                  port,
                  work.resolve("agent.log"),
                  Map.of("JAVA_OPTS", HelmChart.javaOpts()),
                  "--no-leader-election");
      try {
        cluster.sync("hostile", "hostile-source", "hostile-cred", SERVER, "hostile", spec -> {});
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () -> {
                  assertThat(agent.isAlive()).as("the agent process is running").isTrue();
                  assertThat(cluster.writtenPassword("hostile-ok", "hostile-pull", SERVER))
                      .contains("good-password");
                });
        cluster.awaitCondition("hostile", "Ready", "True");
        // One more event for each borrowed Secret after start-up: the agent must take those too.
        admin.resource(hostile("borrowed-late", filler)).create();
        cluster.centralLogin("hostile-source", "hostile-cred", "robot", "rotated");
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(cluster.writtenPassword("hostile-ok", "hostile-pull", SERVER))
                        .contains("rotated"));
        assertThat(agent.isAlive()).as("the agent is still running").isTrue();
        assertThat(Distribution.status(port, "/healthz")).isEqualTo(200);
      } finally {
        agent.destroy();
        agent.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  private static Secret hostile(String name, String filler) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("hostile-tenant")
        .withLabels(
            Map.of(
                ManagedSecret.MANAGED_BY_LABEL,
                ManagedSecret.MANAGED_BY_VALUE,
                ManagedSecret.SYNC_LABEL,
                "someone-else"))
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of("blob", filler))
        .build();
  }
}
