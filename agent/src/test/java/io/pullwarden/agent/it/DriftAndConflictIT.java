package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.ConflictPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
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
        .untilAsserted(
            () ->
                assertThat(cluster.writtenPassword("drift-a", "drift-pull", SERVER))
                    .as("password in drift-a")
                    .contains("real-password"));

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
        .untilAsserted(
            () ->
                assertThat(cluster.writtenPassword("drift-a", "drift-pull", SERVER))
                    .as("password in drift-a after its data was emptied")
                    .contains("real-password"));

    cluster.client().resource(cluster.secret("drift-a", "drift-pull")).delete();
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.writtenPassword("drift-a", "drift-pull", SERVER))
                    .as("password in drift-a after the Secret was deleted")
                    .contains("real-password"));
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
        .untilAsserted(
            () ->
                assertThat(cluster.writtenPassword("conflict-b", "conflict-pull", SERVER))
                    .as("password in conflict-b")
                    .isPresent());
    // The status is patched after the writes; wait for the pass that saw both namespaces.
    AtomicReference<PullSecretSync> seen = new AtomicReference<>();
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> {
              seen.set(cluster.getSync("conflict"));
              assertThat(seen.get().getStatus().getNamespaces().getSelected())
                  .as("status.namespaces.selected of sync conflict")
                  .isEqualTo(2);
            });
    PullSecretSync sync = seen.get();
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
        .untilAsserted(
            () ->
                assertThat(eventsAbout(cluster, "conflict"))
                    .extracting(Event::getReason, Event::getType)
                    .as("Events about sync conflict (reason, type)")
                    .contains(tuple("SecretConflict", "Warning")));

    cluster.sync(
        "conflict",
        "conflict-source",
        "conflict-cred",
        SERVER,
        "conflict",
        spec -> spec.setConflictPolicy(ConflictPolicy.Adopt));

    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.writtenPassword("conflict-a", "conflict-pull", SERVER))
                    .as("password in conflict-a")
                    .isPresent());
    assertThat(cluster.secret("conflict-a", "conflict-pull").getType())
        .isEqualTo("kubernetes.io/dockerconfigjson");
    cluster.awaitCondition("conflict", "Ready", "True");
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(eventsAbout(cluster, "conflict"))
                    .extracting(Event::getReason)
                    .as("reasons of the Events about sync conflict")
                    .contains("Recovered"));
  }

  /** The Events in namespace default about the object named {@code name}. */
  private static List<Event> eventsAbout(TestCluster cluster, String name) {
    return cluster.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static String base64(String text) {
    return java.util.Base64.getEncoder().encodeToString(text.getBytes());
  }
}
