package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two launched replicas elect one leader on a Lease; killing the leader (SIGKILL, no chance to hand
 * over) lets the standby take over within the lease duration, and it finishes the work: a rotation
 * made after the kill reaches every namespace. A half-done fan-out needs no special handling
 * because every pass compares each namespace with the wanted Secret and redoes only what is
 * missing.
 */
@ExtendWith(KubernetesExtension.class)
class LeaderFailoverIT {

  private static final String SERVER = "registry.failover.test";
  private static final Duration LEASE = Duration.ofSeconds(6);
  private static final List<String> NAMESPACES =
      IntStream.range(0, 10).mapToObj(i -> "failover-" + i).toList();

  @Test
  void theStandbyTakesOverWhenTheLeaderIsKilled(KubernetesServer server, @TempDir Path work)
      throws Exception {
    Distribution distribution = Distribution.unpack(work);
    try (KubernetesClient client = server.newClient()) {
      RunningAgent.prepare(client);
      TestCluster cluster = new TestCluster(client);
      NAMESPACES.forEach(ns -> cluster.namespace(ns, Map.of("failover", "true")));
      cluster.centralLogin("failover-source", "failover-cred", "robot", "before");
      cluster.source("failover-source");
      cluster.sync("failover", "failover-source", "failover-cred", SERVER, "failover", spec -> {});

      int portA = FreePort.next();
      int portB = FreePort.next();
      Process a = launch(distribution, server, work, "replica-a", portA);
      Process b = launch(distribution, server, work, "replica-b", portB);
      try {
        await().atMost(TestCluster.PATIENCE).until(() -> allHave(cluster, "before"));
        String leader =
            await()
                .atMost(TestCluster.PATIENCE)
                .until(() -> holder(client), h -> h.isPresent())
                .get();
        assertThat(Distribution.status(portA, "/readyz")).as("replica-a ready").isEqualTo(200);
        assertThat(Distribution.status(portB, "/readyz")).as("replica-b ready").isEqualTo(200);
        Process leaderProcess = leader.equals("replica-a") ? a : b;
        String standby = leader.equals("replica-a") ? "replica-b" : "replica-a";

        leaderProcess.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Instant killed = Instant.now();
        cluster.centralLogin("failover-source", "failover-cred", "robot", "after");

        await()
            .atMost(TestCluster.PATIENCE)
            .until(() -> holder(client).equals(Optional.of(standby)));
        Duration takeover = Duration.between(killed, Instant.now());
        await().atMost(TestCluster.PATIENCE).until(() -> allHave(cluster, "after"));
        System.out.println(
            "takeover after the kill: " + takeover.toMillis() + " ms (lease " + LEASE + ")");
        assertThat(takeover).as("takeover time").isLessThan(LEASE.multipliedBy(2).plusSeconds(5));
      } finally {
        a.destroyForcibly();
        b.destroyForcibly();
        a.waitFor(10, TimeUnit.SECONDS);
        b.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static Process launch(
      Distribution distribution, KubernetesServer server, Path work, String name, int port)
      throws Exception {
    return distribution.run(
        server,
        port,
        work.resolve(name + ".log"),
        Map.of("POD_NAME", name),
        "--lease-name",
        "pullwarden-failover",
        "--lease-duration",
        LEASE.toSeconds() + "s");
  }

  private static Optional<String> holder(KubernetesClient client) {
    Lease lease =
        client
            .leases()
            .inNamespace(RunningAgent.AGENT_NAMESPACE)
            .withName("pullwarden-failover")
            .get();
    return Optional.ofNullable(lease)
        .map(l -> l.getSpec().getHolderIdentity())
        .filter(h -> !h.isBlank());
  }

  private static boolean allHave(TestCluster cluster, String password) {
    return NAMESPACES.stream()
        .allMatch(
            ns -> cluster.writtenPassword(ns, "failover-pull", SERVER).orElse("").equals(password));
  }
}
