package io.pullwarden.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.cli.AgentRunner;
import io.pullwarden.agent.cli.RunOptions;
import io.pullwarden.agent.plugins.PluginCatalog;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pullwarden run}: loads the plugins, connects to the cluster (in-cluster ServiceAccount, or
 * the kubeconfig outside one), starts the agent (electing a leader unless told not to) with its
 * metrics and probes, and runs until the process is told to stop, then shuts down in order.
 */
public final class AgentProcess implements AgentRunner {

  private static final Logger LOG = LoggerFactory.getLogger(AgentProcess.class);

  /** This replica's name in the Lease: the pod name, or the host name and a random suffix. */
  static String identity() {
    String pod = System.getenv("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    String host = System.getenv("HOSTNAME");
    return (host == null || host.isBlank() ? "pullwarden" : host)
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public int run(RunOptions options) {
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "pullwarden-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (PluginCatalog catalog = PluginCatalog.load(options.pluginsDirectory());
        KubernetesClient client = ClusterConnection.open()) {
      LOG.info(
          "starting in namespace {} against {} with source types {}",
          options.namespace(),
          client.getMasterUrl(),
          catalog.types());
      Agent.Options agentOptions =
          Agent.Options.defaults(options.namespace())
              .withMaxSecretBytes(options.maxSecretBytes())
              .withTokenDirectories(options.tokenDirectories());
      if (options.leaderElection().isPresent()) {
        RunOptions.LeaderElection election = options.leaderElection().get();
        agentOptions =
            agentOptions.withLeaderElection(
                new Agent.Election(election.leaseName(), identity(), election.leaseDuration()));
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
        stop.await();
        LOG.info("stopping");
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
