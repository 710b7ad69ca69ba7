package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API server goes away and comes back with its state, as in a control-plane restart: the agent
 * reaches it through a TCP proxy that the test cuts (every connection reset, new ones refused) and
 * later resumes. kube-api-test cannot restart kube-apiserver alone — stopping it wipes etcd — so
 * the proxy stands in for the restart. Drift made while the agent is cut off is repaired once its
 * watches resume.
 */
@ExtendWith(OwnApiServer.class)
class ApiServerOutageIT {

  private static final String SERVER = "registry.outage.test";

  @Test
  void watchesResumeAfterTheApiServerComesBackAndRepairDriftFromTheOutage(KubernetesServer server)
      throws Exception {
    Config direct = server.config();
    URI master = URI.create(direct.getMasterUrl());
    try (TcpProxy proxy = TcpProxy.to(master.getPort());
        KubernetesClient admin = server.newClient()) {
      Config viaProxy = server.config();
      viaProxy.setMasterUrl("https://127.0.0.1:" + proxy.port());
      try (RunningAgent agent =
          RunningAgent.start(new KubernetesClientBuilder().withConfig(viaProxy).build())) {
        TestCluster cluster = new TestCluster(admin);
        cluster.namespace("outage-a", Map.of("outage", "true"));
        cluster.centralLogin("outage-source", "outage-cred", "robot", "real");
        cluster.source("outage-source");
        cluster.sync(
            "outage",
            "outage-source",
            "outage-cred",
            SERVER,
            "outage",
            spec -> spec.setRefreshInterval("1h"));
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () -> assertThat(password(cluster)).as("password in outage-a").isEqualTo("real"));

        proxy.cut();
        admin
            .resource(
                new SecretBuilder(cluster.secret("outage-a", "outage-pull"))
                    .withData(
                        Map.of(
                            ".dockerconfigjson",
                            Base64.getEncoder().encodeToString("{\"auths\":{}}".getBytes())))
                    .build())
            .update();
        cluster.namespace("outage-b", Map.of("outage", "true"));
        Thread.sleep(Duration.ofSeconds(5));
        assertThat(password(cluster)).as("nobody repairs while the agent is cut off").isEmpty();

        proxy.resume();

        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () ->
                    assertThat(password(cluster))
                        .as("password in outage-a, whose Secret was emptied in the outage")
                        .isEqualTo("real"));
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () ->
                    assertThat(cluster.writtenPassword("outage-b", "outage-pull", SERVER))
                        .as("password in outage-b, which began to match in the outage")
                        .isPresent());
        assertThat(agent.source().fetches("outage-cred"))
            .as("repairs need no store read")
            .isEqualTo(1);
      }
    }
  }

  private static String password(TestCluster cluster) {
    return cluster.writtenPassword("outage-a", "outage-pull", SERVER).orElse("");
  }
}
