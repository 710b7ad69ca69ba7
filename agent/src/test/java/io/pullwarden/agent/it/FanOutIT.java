package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AgentExtension.class)
class FanOutIT {

  private static final String SERVER = "registry.fanout.test";
  private static final int NAMESPACES = 50;

  @Test
  void oneReadPerChangeReachesEveryNamespaceAndAQuietRefreshWritesNothing(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    List<String> namespaces = IntStream.range(0, NAMESPACES).mapToObj(i -> "fanout-" + i).toList();
    namespaces.forEach(ns -> cluster.namespace(ns, Map.of("fanout", "true")));
    cluster.centralLogin("fanout-source", "fanout-cred", "robot", "first-password");
    cluster.source("fanout-source");

    cluster.sync("fanout", "fanout-source", "fanout-cred", SERVER, "fanout", spec -> {});

    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                cluster.assertWrittenEverywhere(
                    namespaces, "fanout-pull", SERVER, "first-password"));
    assertThat(agent.source().fetches("fanout-cred"))
        .as("store reads for the first sync")
        .isEqualTo(1);
    cluster.awaitCondition("fanout", "Ready", "True");
    assertThat(cluster.getSync("fanout").getStatus().getNamespaces().getSynced())
        .isEqualTo(NAMESPACES);

    // A quiet refresh: the agent checks the version (every 2s) but writes nothing.
    Map<String, String> versions = resourceVersions(cluster, namespaces);
    int checksBefore = agent.source().versionChecks("fanout-cred");
    String statusVersion = cluster.getSync("fanout").getMetadata().getResourceVersion();
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(agent.source().versionChecks("fanout-cred"))
                    .as("version checks of fanout-cred")
                    .isGreaterThanOrEqualTo(checksBefore + 2));
    assertThat(resourceVersions(cluster, namespaces)).isEqualTo(versions);
    assertThat(cluster.getSync("fanout").getMetadata().getResourceVersion())
        .isEqualTo(statusVersion);
    assertThat(agent.source().fetches("fanout-cred")).isEqualTo(1);

    // A rotation: one more read, every namespace updated in place.
    cluster.centralLogin("fanout-source", "fanout-cred", "robot", "second-password");

    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                cluster.assertWrittenEverywhere(
                    namespaces, "fanout-pull", SERVER, "second-password"));
    assertThat(agent.source().fetches("fanout-cred"))
        .as("store reads after one rotation")
        .isEqualTo(2);
  }

  @Test
  void aNamespaceThatStartsMatchingGetsItsSecretFromTheWatch(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("late-0", Map.of("late", "true"));
    cluster.centralLogin("late-source", "late-cred", "robot", "late-password");
    cluster.source("late-source");
    cluster.sync(
        "late", "late-source", "late-cred", SERVER, "late", spec -> spec.setRefreshInterval("1h"));
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.writtenPassword("late-0", "late-pull", SERVER))
                    .as("password in late-0")
                    .contains("late-password"));
    int reads = agent.source().fetches("late-cred");

    cluster.namespace("late-1", Map.of("unrelated", "true"));
    cluster.namespace("late-1", Map.of("late", "true"));

    // The refresh interval is an hour: only the namespace watch can bring the Secret this soon.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(cluster.writtenPassword("late-1", "late-pull", SERVER))
                    .as("password in late-1")
                    .contains("late-password"));
    assertThat(agent.source().fetches("late-cred"))
        .as("a new namespace needs no store read")
        .isEqualTo(reads);
  }

  private static Map<String, String> resourceVersions(
      TestCluster cluster, List<String> namespaces) {
    return namespaces.stream()
        .collect(
            Collectors.toMap(
                ns -> ns,
                ns -> {
                  Secret secret = cluster.secret(ns, "fanout-pull");
                  return secret.getMetadata().getResourceVersion();
                }));
  }
}
