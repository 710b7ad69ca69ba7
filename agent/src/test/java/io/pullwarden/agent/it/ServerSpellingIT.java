package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.NodePods;
import io.pullwarden.testenv.RealNode;
import io.pullwarden.testenv.RealNodeExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way of writing a registry's {@code server} that Pullwarden accepts and promises to match is
 * matched by the real kubelet for an image on that registry: the agent writes one Secret per
 * spelling, each in its own namespace and attached to its {@code default} ServiceAccount, and a pod
 * there pulls {@code <host:port>/team/app:v1} with {@code imagePullPolicy: Always}. Spellings that
 * name something else (another host name for the same address, another repository) are in the table
 * too, with the 401 the kubelet gets, so the table cannot pass by matching everything.
 */
@ExtendWith(RealNodeExtension.class)
class ServerSpellingIT {

  private static final Duration PULL = Duration.ofMinutes(2);
  private static final String RUNS = "Running";
  private static final String REFUSED = "refused (401)";

  @Test
  void theKubeletMatchesEverySpellingOfTheServerThatPullwardenAccepts(
      RealNode node, @TempDir Path work) throws Exception {
    String host = node.privateRegistry().host();
    String port = host.substring(host.indexOf(':') + 1);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put(host, RUNS);
    expected.put("http://" + host, RUNS);
    expected.put("https://" + host, RUNS);
    expected.put("https://" + host + "/v2/", RUNS);
    expected.put("http://" + host + "/v1/", RUNS);
    expected.put(host + "/", RUNS);
    expected.put(host + "/team", RUNS);
    expected.put(host + "/team/app", RUNS);
    expected.put("localhost:" + port, REFUSED);
    expected.put(host + "/other", REFUSED);
    List<String> spellings = List.copyOf(expected.keySet());

    try (KubernetesClient admin = node.apiServer().newClient()) {
      RunningAgent.prepare(admin);
      ChartServiceAccount account = ChartServiceAccount.install(node.apiServer(), admin);
      TestCluster cluster = new TestCluster(admin);
      cluster.centralLogin(
          "spelling-source",
          "spelling-login",
          node.privateRegistry().username(),
          node.privateRegistry().password());
      cluster.source("spelling-source");
      for (int i = 0; i < spellings.size(); i++) {
        cluster.namespace("spelling-" + i, Map.of("spelling-" + i, "true"));
        cluster.sync(
            "spelling-" + i,
            "spelling-source",
            "spelling-login",
            spellings.get(i),
            "spelling-" + i,
            spec -> spec.setServiceAccounts(List.of("default")));
      }
      Process agent = account.launch(work);
      try {
        for (int i = 0; i < spellings.size(); i++) {
          awaitAttached(admin, "spelling-" + i);
          admin
              .resource(
                  NodePods.pod(
                      "spelling-" + i, "app", node.privateImage(), "Always", "default", List.of()))
              .create();
        }
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < spellings.size(); i++) {
          String outcome = NodePods.awaitPullOutcome(admin, "spelling-" + i, "app", PULL);
          boolean unauthorized =
              NodePods.events(admin, "spelling-" + i, "app").contains("401 Unauthorized");
          outcomes.put(
              spellings.get(i), outcome.equals(RUNS) ? RUNS : unauthorized ? REFUSED : outcome);
        }

        assertThat(outcomes).as("what the kubelet did with each spelling").isEqualTo(expected);
      } finally {
        agent.destroy();
        agent.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  private static void awaitAttached(KubernetesClient admin, String namespace) {
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        admin
                            .serviceAccounts()
                            .inNamespace(namespace)
                            .withName("default")
                            .get()
                            .getImagePullSecrets())
                    .as("pull Secrets of %s/default", namespace)
                    .extracting(LocalObjectReference::getName)
                    .contains(namespace + "-pull"));
  }
}
