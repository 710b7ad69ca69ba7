package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
        .until(
            () ->
                cluster
                        .writtenPassword("shared-a", "shared-one-pull", "one.shared.test")
                        .isPresent()
                    && cluster
                        .writtenPassword("shared-b", "shared-two-pull", "two.shared.test")
                        .isPresent());
    assertThat(agent.source().fetches("shared-cred")).isEqualTo(1);

    cluster.centralLogin("shared-source", "shared-cred", "robot", "two");

    await()
        .atMost(TestCluster.PATIENCE)
        .until(
            () ->
                cluster
                        .writtenPassword("shared-a", "shared-one-pull", "one.shared.test")
                        .orElse("")
                        .equals("two")
                    && cluster
                        .writtenPassword("shared-b", "shared-two-pull", "two.shared.test")
                        .orElse("")
                        .equals("two"));
    assertThat(agent.source().fetches("shared-cred")).isEqualTo(2);
  }
}
