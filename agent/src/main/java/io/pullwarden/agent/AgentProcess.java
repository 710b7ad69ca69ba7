package io.pullwarden.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pullwarden.agent.cli.AgentRunner;
import io.pullwarden.agent.cli.RunOptions;
import io.pullwarden.agent.plugins.PluginCatalog;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pullwarden run}: loads the plugins, connects to the cluster (in-cluster ServiceAccount, or
 * the kubeconfig outside one), starts the agent and its probes, and runs until the process is told
 * to stop, then shuts down in order.
 */
public final class AgentProcess implements AgentRunner {

  private static final Logger LOG = LoggerFactory.getLogger(AgentProcess.class);

  @Override
  public int run(RunOptions options) {
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "pullwarden-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (PluginCatalog catalog = PluginCatalog.load(options.pluginsDirectory());
        KubernetesClient client = new KubernetesClientBuilder().build()) {
      LOG.info(
          "starting in namespace {} against {} with source types {}",
          options.namespace(),
          client.getMasterUrl(),
          catalog.types());
      try (Agent agent = Agent.start(client, catalog, Agent.Options.defaults(options.namespace()));
          HealthEndpoints probes =
              HealthEndpoints.start(options.metricsPort(), agent::isHealthy, agent::isStarted)) {
        LOG.info("running; probes on port {}", probes.port());
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
