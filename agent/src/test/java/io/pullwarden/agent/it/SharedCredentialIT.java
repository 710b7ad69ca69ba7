package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AgentExtension.class)
class SharedCredentialIT {

  @Test
  void twoSyncsOfOneCredentialShareEachRead(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("shared-a", Map.of("shared-one", "true"));
    cluster.namespace("shared-b", Map.of("shared-two", "true"));
    cluster.centralLogin("shared-source", "shared-cred", "robot", "one");
    cluster.source("shared-source");

    cluster.sync(
        "shared-one", "shared-source", "shared-cred", "one.shared.test", "shared-one", spec -> {});
    cluster.sync(
        "shared-two", "shared-source", "shared-cred", "two.shared.test", "shared-two", spec -> {});
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(cluster.writtenPassword("shared-a", "shared-one-pull", "one.shared.test"))
                  .as("password in shared-a")
                  .isPresent();
              assertThat(cluster.writtenPassword("shared-b", "shared-two-pull", "two.shared.test"))
                  .as("password in shared-b")
                  .isPresent();
            });
    assertThat(agent.source().fetches("shared-cred")).isEqualTo(1);

    cluster.centralLogin("shared-source", "shared-cred", "robot", "two");

    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(cluster.writtenPassword("shared-a", "shared-one-pull", "one.shared.test"))
                  .as("password in shared-a")
                  .contains("two");
              assertThat(cluster.writtenPassword("shared-b", "shared-two-pull", "two.shared.test"))
                  .as("password in shared-b")
                  .contains("two");
            });
    assertThat(agent.source().fetches("shared-cred")).isEqualTo(2);
  }

  @Test
  void aQuietRefreshOfACentralSecretReadsItFromTheWatchNotTheApiServer(RunningAgent agent)
      throws Exception {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("quiet-a", Map.of("quiet", "true"));
    cluster.centralLogin("quiet-source", "quiet-cred", "robot", "pw");
    cluster.source("quiet-source");
    cluster.sync(
        "quiet",
        "quiet-source",
        "quiet-cred",
        "quiet.shared.test",
        "quiet",
        spec -> spec.setRefreshInterval("1s"));
    cluster.awaitCondition("quiet", "Ready", "True");

    double before = secretGets(agent);
    Thread.sleep(Duration.ofSeconds(6));
    double during = secretGets(agent) - before;

    // Six refreshes, each a version check of the central Secret: none reaches the API server.
    assertThat(during).as("GETs of one Secret during six 1 s refreshes").isLessThan(1);
    assertThat(cluster.writtenPassword("quiet-a", "quiet-pull", "quiet.shared.test"))
        .contains("pw");
  }

  /** kube-apiserver's count of GETs of single Secrets, from its own /metrics. */
  private static double secretGets(RunningAgent agent) {
    return agent
        .client()
        .raw("/metrics")
        .lines()
        .filter(line -> line.startsWith("apiserver_request_total{"))
        .filter(line -> line.contains("resource=\"secrets\""))
        .filter(line -> line.contains("scope=\"resource\""))
        .filter(line -> line.contains("verb=\"GET\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
