package io.pullwarden.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.cli.AgentRunner;
import io.pullwarden.agent.cli.RunOptions;
import io.pullwarden.agent.plugins.PluginCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pullwarden run}: loads the plugins, connects to the cluster (in-cluster ServiceAccount, or
 * the kubeconfig outside one), starts the agent (electing a leader unless told not to) with its
 * metrics and probes, and runs until the process is told to stop (or this replica loses the Lease),
 * then shuts down in order.
 */
public final class AgentProcess implements AgentRunner {

  private static final Logger LOG = LoggerFactory.getLogger(AgentProcess.class);

  /**
   * How long a SIGTERM waits for the orderly stop. The JVM halts as soon as its shutdown hooks
   * return, so the hook waits for {@link #run} to finish: stopping the operator, releasing the
   * Lease, closing the client. Below Kubernetes' default grace period of 30 s, after which the
   * kubelet sends SIGKILL anyway.
   */
  private static final Duration SHUTDOWN_PATIENCE = Duration.ofSeconds(25);

  @Override
  public int run(RunOptions options) {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              awaitQuietly(stopped);
            },
            "pullwarden-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return runUntilStopped(options, stop);
    } finally {
      stopped.countDown();
    }
  }

  private static int runUntilStopped(RunOptions options, CountDownLatch stop) {
    try (PluginCatalog catalog =
            PluginCatalog.load(options.pluginsDirectory(), options.pluginLoadLimit());
        KubernetesClient client = ClusterConnection.open()) {
      LOG.info(
          "starting in namespace {} against {} with source types {}",
          options.namespace(),
          client.getMasterUrl(),
          catalog.types());
      Agent.Options agentOptions =
          Agent.Options.defaults(options.namespace())
              .withMaxSecretBytes(options.maxSecretBytes())
              .withTokenDirectories(options.tokenDirectories())
              .withRetryBackoff(options.retryBackoff());
      if (options.leaderElection().isPresent()) {
        RunOptions.LeaderElection election = options.leaderElection().get();
        agentOptions =
            agentOptions.withLeaderElection(
                new Agent.Election(
                    election.leaseName(), agentOptions.identity(), election.leaseDuration()));
      }
      CrdPresence crds = new CrdPresence(client, Clock.systemUTC());
      try (Agent agent = Agent.start(client, catalog, agentOptions);
          HttpEndpoints http =
              HttpEndpoints.start(
                  options.metricsPort(),
                  agent.metrics()::scrape,
                  agent::isHealthy,
                  () -> agent.isStarted() && crds.present())) {
        LOG.info("running; probes on port {}", http.port());
        AtomicBoolean lost = new AtomicBoolean();
        agent
            .lostLeadership()
            .thenRun(
                () -> {
                  lost.set(true);
                  stop.countDown();
                });
        stop.await();
        LOG.info(lost.get() ? "stopping: this replica lost the Lease" : "stopping");
        // Closing the agent, then the client, lets the Lease's release go out on the client.
        return lost.get() ? 1 : 0;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static void awaitQuietly(CountDownLatch stopped) {
    try {
      stopped.await(SHUTDOWN_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
