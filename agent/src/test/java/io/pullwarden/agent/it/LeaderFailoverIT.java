package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leader election as the chart deploys it: replicas launched from the distribution that
 * authenticate with nothing but a token of the chart's ServiceAccount, under the chart's RBAC and
 * admission policies, electing a leader on the Lease named after the release.
 *
 * <ul>
 *   <li>One leader keeps the Lease for several lease durations (its renewals are allowed), while
 *       both replicas stay up and ready.
 *   <li>Killing the leader (SIGKILL, no chance to hand over) lets the standby take over once the
 *       Lease runs out, and it finishes the work: a rotation made during the hand-over reaches
 *       every namespace. A half-done fan-out needs no special handling because every pass compares
 *       each namespace with the wanted Secret and redoes only what is missing.
 *   <li>Stopping the leader gracefully (SIGTERM, as a rolling update does) releases the Lease, so
 *       the standby leads within seconds instead of after the lease duration.
 * </ul>
 */
@ExtendWith(OwnApiServer.class)
class LeaderFailoverIT {

  private static final String SERVER = "registry.failover.test";
  private static final String LEASE_NAME = ChartServiceAccount.RELEASE;
  private static final Duration LEASE = Duration.ofSeconds(6);

  /**
   * Without a release a standby cannot take the Lease before it runs out: the lease duration after
   * the last renewal, which is at most a fifth of it old, so not before 4.8 s. A release is one
   * request after the operator stopped.
   */
  private static final Duration RELEASED_WITHIN = LEASE.dividedBy(2);

  private static final List<String> NAMESPACES =
      IntStream.range(0, 10).mapToObj(i -> "failover-" + i).toList();

  private final List<Process> launched = new ArrayList<>();

  @Test
  void theLeaderKeepsTheLeaseOnTheChartsAccountAndHandsItOverWhenKilledOrStopped(
      KubernetesServer server, @TempDir Path work) throws Exception {
    Distribution distribution = Distribution.unpack(work);
    try (KubernetesClient admin = server.newClient()) {
      RunningAgent.prepare(admin);
      Path kubeconfig = ChartServiceAccount.install(server, admin).kubeconfig(work);
      TestCluster cluster = new TestCluster(admin);
      NAMESPACES.forEach(ns -> cluster.namespace(ns, Map.of("failover", "true")));
      cluster.centralLogin("failover-source", "failover-cred", "robot", "before");
      cluster.source("failover-source");
      cluster.sync("failover", "failover-source", "failover-cred", SERVER, "failover", spec -> {});

      try {
        List<Replica> replicas =
            List.of(
                launch(distribution, kubeconfig, work, "replica-a"),
                launch(distribution, kubeconfig, work, "replica-b"));
        awaitEveryNamespaceHas(cluster, "before");
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(() -> assertThat(holder(admin)).as("the Lease's holder").isPresent());
        String leader = holder(admin).orElseThrow();
        ZonedDateTime firstRenewal = lease(admin).getSpec().getRenewTime();

        // The leader renews the Lease with the chart's RBAC, long after the first renewal deadline.
        await()
            .during(LEASE.multipliedBy(3))
            .atMost(LEASE.multipliedBy(3).plusSeconds(3))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  assertThat(holder(admin)).as("the Lease's holder").contains(leader);
                  for (Replica replica : replicas) {
                    assertThat(replica.process().isAlive()).as(replica.name() + " runs").isTrue();
                    assertThat(Distribution.status(replica.port(), "/readyz"))
                        .as(replica.name() + " /readyz")
                        .isEqualTo(200);
                  }
                });
        assertThat(lease(admin).getSpec().getRenewTime())
            .as("renewTime after three lease durations")
            .isAfter(firstRenewal.plus(LEASE.multipliedBy(2)));

        Replica killed = replicas.get(leader.equals("replica-a") ? 0 : 1);
        Replica standby = replicas.get(leader.equals("replica-a") ? 1 : 0);
        killed.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Instant killedAt = Instant.now();
        cluster.centralLogin("failover-source", "failover-cred", "robot", "after");
        Duration takeoverAfterKill = awaitHolder(admin, standby.name(), killedAt);
        awaitEveryNamespaceHas(cluster, "after");

        // A rolling update: a new pod is ready as standby, then the leader gets SIGTERM.
        Replica successor = launch(distribution, kubeconfig, work, "replica-c");
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(Distribution.status(successor.port(), "/readyz"))
                        .as("replica-c /readyz")
                        .isEqualTo(200));
        assertThat(holder(admin)).as("the Lease's holder").contains(standby.name());
        standby.process().destroy();
        Instant terminatedAt = Instant.now();
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(holder(admin))
                        .as("the Lease's holder after SIGTERM to " + standby.name())
                        .isNotEqualTo(Optional.of(standby.name())));
        Duration released = Duration.between(terminatedAt, Instant.now());
        Duration takeoverAfterTerm = awaitHolder(admin, successor.name(), terminatedAt);
        assertThat(standby.process().waitFor(TestCluster.PATIENCE.toSeconds(), TimeUnit.SECONDS))
            .as(standby.name() + " exits on SIGTERM")
            .isTrue();
        cluster.centralLogin("failover-source", "failover-cred", "robot", "last");
        awaitEveryNamespaceHas(cluster, "last");

        System.out.printf(
            "lease %s: takeover %d ms after SIGKILL; after SIGTERM released in %d ms, taken over in"
                + " %d ms%n",
            LEASE, takeoverAfterKill.toMillis(), released.toMillis(), takeoverAfterTerm.toMillis());
        assertThat(takeoverAfterKill)
            .as("takeover after SIGKILL")
            .isLessThan(LEASE.multipliedBy(2).plusSeconds(5));
        assertThat(released).as("release after SIGTERM").isLessThan(RELEASED_WITHIN);
        assertThat(takeoverAfterTerm).as("takeover after SIGTERM").isLessThan(LEASE);
      } finally {
        for (Process process : launched) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  private record Replica(String name, int port, Process process) {}

  private Replica launch(Distribution distribution, Path kubeconfig, Path work, String name)
      throws Exception {
    int port = FreePort.next();
    Process process =
        distribution.run(
            kubeconfig,
            port,
            work.resolve(name + ".log"),
            Map.of("POD_NAME", name),
            "--lease-name",
            LEASE_NAME,
            "--lease-duration",
            LEASE.toSeconds() + "s");
    launched.add(process);
    return new Replica(name, port, process);
  }

  /** Waits until {@code name} holds the Lease; returns how long that took from {@code since}. */
  private static Duration awaitHolder(KubernetesClient admin, String name, Instant since) {
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(() -> assertThat(holder(admin)).as("the Lease's holder").contains(name));
    return Duration.between(since, Instant.now());
  }

  private static Lease lease(KubernetesClient admin) {
    return admin.leases().inNamespace(ChartServiceAccount.NAMESPACE).withName(LEASE_NAME).get();
  }

  private static Optional<String> holder(KubernetesClient admin) {
    return Optional.ofNullable(lease(admin))
        .map(l -> l.getSpec().getHolderIdentity())
        .filter(h -> !h.isBlank());
  }

  private static void awaitEveryNamespaceHas(TestCluster cluster, String password) {
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(NAMESPACES)
                    .allSatisfy(
                        ns ->
                            assertThat(cluster.writtenPassword(ns, "failover-pull", SERVER))
                                .as("the password written in " + ns)
                                .contains(password)));
  }
}
