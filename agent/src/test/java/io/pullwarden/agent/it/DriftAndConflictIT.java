package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.ConflictPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AgentExtension.class)
class DriftAndConflictIT {

  private static final String SERVER = "registry.drift.test";

  @Test
  void anEditedOrDeletedManagedSecretIsRestored(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("drift-a", Map.of("drift", "true"));
    cluster.centralLogin("drift-source", "drift-cred", "robot", "real-password");
    cluster.source("drift-source");
    cluster.sync(
        "drift",
        "drift-source",
        "drift-cred",
        SERVER,
        "drift",
        spec -> spec.setRefreshInterval("1h"));
    await()
        .atMost(TestCluster.PATIENCE)
        .until(() -> password(cluster, "drift-a").equals("real-password"));

    Secret written = cluster.secret("drift-a", "drift-pull");
    cluster
        .client()
        .resource(
            new SecretBuilder(written)
                .withData(Map.of(".dockerconfigjson", base64("{\"auths\":{}}")))
                .build())
        .update();
    await()
        .atMost(TestCluster.PATIENCE)
        .until(() -> password(cluster, "drift-a").equals("real-password"));

    cluster.client().resource(cluster.secret("drift-a", "drift-pull")).delete();
    await()
        .atMost(TestCluster.PATIENCE)
        .until(() -> password(cluster, "drift-a").equals("real-password"));
    assertThat(agent.source().fetches("drift-cred")).as("repairs come from memory").isEqualTo(1);
  }

  @Test
  void aForeignPullSecretIsLeftAloneAndReportedUntilAdoptionIsAskedFor(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("conflict-a", Map.of("conflict", "true"));
    cluster.namespace("conflict-b", Map.of("conflict", "true"));
    cluster
        .client()
        .secrets()
        .inNamespace("conflict-a")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("conflict-pull")
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withStringData(Map.of(".dockerconfigjson", "{\"auths\": {}}"))
                .build())
        .create();
    cluster.centralLogin("conflict-source", "conflict-cred", "robot", "pw");
    cluster.source("conflict-source");

    cluster.sync("conflict", "conflict-source", "conflict-cred", SERVER, "conflict", spec -> {});

    cluster.awaitCondition("conflict", "Degraded", "True");
    await()
        .atMost(TestCluster.PATIENCE)
        .until(() -> cluster.writtenPassword("conflict-b", "conflict-pull", SERVER).isPresent());
    // The status is patched after the writes; wait for the pass that saw both namespaces.
    PullSecretSync sync =
        await()
            .atMost(TestCluster.PATIENCE)
            .until(
                () -> cluster.getSync("conflict"),
                found -> found.getStatus().getNamespaces().getSelected() == 2);
    assertThat(sync.getStatus().getNamespaces().getConflicts()).isEqualTo(1);
    assertThat(sync.getStatus().getNamespaces().getSynced()).isEqualTo(1);
    assertThat(sync.getStatus().getProblems())
        .anySatisfy(
            p -> {
              assertThat(p.getNamespace()).isEqualTo("conflict-a");
              assertThat(p.getReason()).isEqualTo("SecretConflict");
            });
    assertThat(cluster.writtenPassword("conflict-a", "conflict-pull", SERVER)).isEmpty();
    await()
        .atMost(TestCluster.PATIENCE)
        .until(
            () ->
                cluster.client().v1().events().inNamespace("default").list().getItems().stream()
                    .anyMatch(
                        e ->
                            "conflict".equals(e.getInvolvedObject().getName())
                                && "SecretConflict".equals(e.getReason())
                                && "Warning".equals(e.getType())));

    cluster.sync(
        "conflict",
        "conflict-source",
        "conflict-cred",
        SERVER,
        "conflict",
        spec -> spec.setConflictPolicy(ConflictPolicy.Adopt));

    await()
        .atMost(TestCluster.PATIENCE)
        .until(() -> cluster.writtenPassword("conflict-a", "conflict-pull", SERVER).isPresent());
    assertThat(cluster.secret("conflict-a", "conflict-pull").getType())
        .isEqualTo("kubernetes.io/dockerconfigjson");
    cluster.awaitCondition("conflict", "Ready", "True");
    await()
        .atMost(TestCluster.PATIENCE)
        .until(
            () ->
                cluster.client().v1().events().inNamespace("default").list().getItems().stream()
                    .anyMatch(
                        e ->
                            "conflict".equals(e.getInvolvedObject().getName())
                                && "Recovered".equals(e.getReason())));
  }

  private static String password(TestCluster cluster, String namespace) {
    return cluster.writtenPassword(namespace, "drift-pull", SERVER).orElse("");
  }

  private static String base64(String text) {
    return java.util.Base64.getEncoder().encodeToString(text.getBytes());
  }
}
