package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.Agent;
import io.pullwarden.testenv.KubernetesServer;
import java.util.Map;

/**
 * The agent on the chart's ServiceAccount (its RBAC and admission policies), a source {@code
 * <prefix>-source} over the agent's namespace allowed into the namespaces labelled {@code
 * <prefix>=true} (one of them, {@code <prefix>-ok}, is created) and its credential {@code
 * <prefix>-cred}: where the tests that attack the agent, or check what it may write, start.
 */
record ChartAgentSetup(
    KubernetesClient admin,
    TestCluster cluster,
    String prefix,
    KubernetesClient agentClient,
    Agent agent)
    implements AutoCloseable {

  static ChartAgentSetup start(KubernetesServer server, String prefix) {
    KubernetesClient admin = server.newClient();
    RunningAgent.prepare(admin);
    ChartServiceAccount account = ChartServiceAccount.install(server, admin);
    TestCluster cluster = new TestCluster(admin);
    cluster.namespace(prefix + "-ok", Map.of(prefix, "true"));
    cluster.centralLogin(prefix + "-source", prefix + "-cred", "robot", "good-password");
    cluster.source(prefix + "-source", TestCluster.allowedTo(prefix));
    KubernetesClient agentClient = account.newClient();
    return new ChartAgentSetup(
        admin, cluster, prefix, agentClient, ChartServiceAccount.startAgent(agentClient));
  }

  /** No Event says the API server refused a write of the agent (an admission policy). */
  void assertNoAgentWriteRefused() {
    assertThat(admin.v1().events().inAnyNamespace().list().getItems())
        .filteredOn(event -> event.getMessage() != null)
        .noneSatisfy(event -> assertThat(event.getMessage()).contains("the Pullwarden agent"));
  }

  @Override
  public void close() {
    agent.close();
    agentClient.close();
    admin.close();
  }
}
