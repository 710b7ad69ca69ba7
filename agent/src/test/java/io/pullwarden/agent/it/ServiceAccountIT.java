package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.fanout.ManagedSecret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AgentExtension.class)
class ServiceAccountIT {

  private static final String CREATOR = "team-tooling";
  private static final String NOTE = "example.com/note";

  @Test
  void attachesAfterOtherEntriesKeepsThemInOrderAndRemovesOnlyItsOwn(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("sa-a", Map.of("sa-test", "true"));
    account(cluster, "sa-a", "default", "builder-dockercfg-x7k2p", "team-registry");
    cluster.centralLogin("sa-source", "sa-cred", "robot", "pw");
    cluster.source("sa-source");

    cluster.sync(
        "sa",
        "sa-source",
        "sa-cred",
        "registry.sa.test",
        "sa-test",
        spec -> spec.setServiceAccounts(List.of("default", "deployer")));

    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(pullSecrets(cluster, "sa-a", "default"))
                    .as("imagePullSecrets of ServiceAccount sa-a/default")
                    .contains("sa-pull"));
    assertThat(pullSecrets(cluster, "sa-a", "default"))
        .containsExactly("builder-dockercfg-x7k2p", "team-registry", "sa-pull");
    // The agent's cache drops managedFields; its update must not drop them on the server, nor
    // anything else it did not write.
    ServiceAccount attached =
        cluster.client().serviceAccounts().inNamespace("sa-a").withName("default").get();
    assertThat(attached.getMetadata().getManagedFields())
        .extracting(ManagedFieldsEntry::getManager)
        .contains(CREATOR);
    assertThat(attached.getMetadata().getAnnotations()).containsEntry(NOTE, "kept");

    // An account created later is attached from the watch.
    account(cluster, "sa-a", "deployer");
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(pullSecrets(cluster, "sa-a", "deployer"))
                    .as("imagePullSecrets of ServiceAccount sa-a/deployer, created later")
                    .isEqualTo(List.of("sa-pull")));

    // Someone else adds an entry after ours; deleting the sync removes ours only.
    ServiceAccount current =
        cluster.client().serviceAccounts().inNamespace("sa-a").withName("default").get();
    cluster
        .client()
        .resource(
            new ServiceAccountBuilder(current)
                .addToImagePullSecrets(new LocalObjectReference("added-later"))
                .build())
        .update();
    cluster.client().resources(PullSecretSync.class).withName("sa").delete();

    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.secretLabels("sa-a", "sa-pull"))
                    .as("Secret sa-a/sa-pull after its sync's deletion")
                    .isEmpty());
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(pullSecrets(cluster, "sa-a", "default"))
                    .as("imagePullSecrets of ServiceAccount sa-a/default after its sync's deletion")
                    .doesNotContain("sa-pull"));
    assertThat(pullSecrets(cluster, "sa-a", "default"))
        .containsExactly("builder-dockercfg-x7k2p", "team-registry", "added-later");
    assertThat(pullSecrets(cluster, "sa-a", "deployer")).isEmpty();
  }

  @Test
  void anEntryTheUserAddedIsKeptWhenTheSyncGoes(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("sa-b", Map.of("sa-keep", "true"));
    account(cluster, "sa-b", "default", "keep-pull");
    cluster.centralLogin("keep-source", "keep-cred", "robot", "pw");
    cluster.source("keep-source");

    cluster.sync(
        "keep",
        "keep-source",
        "keep-cred",
        "registry.keep.test",
        "sa-keep",
        spec -> spec.setServiceAccounts(List.of("*")));
    cluster.awaitCondition("keep", "Ready", "True");
    cluster.client().resources(PullSecretSync.class).withName("keep").delete();
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> assertThat(cluster.getSync("keep")).as("sync keep after deletion").isNull());

    assertThat(pullSecrets(cluster, "sa-b", "default")).containsExactly("keep-pull");
  }

  @Test
  void anAccountTakenOutOfServiceAccountsIsDetachedAndTheOthersStay(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("sa-c", Map.of("sa-narrow", "true"));
    account(cluster, "sa-c", "default", "team-registry");
    account(cluster, "sa-c", "deployer");
    cluster.centralLogin("narrow-source", "narrow-cred", "robot", "pw");
    cluster.source("narrow-source");
    cluster.sync(
        "narrow",
        "narrow-source",
        "narrow-cred",
        "registry.narrow.test",
        "sa-narrow",
        spec -> spec.setServiceAccounts(List.of("default", "deployer")));
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> assertThat(pullSecrets(cluster, "sa-c", "deployer")).contains("narrow-pull"));

    cluster.sync(
        "narrow",
        "narrow-source",
        "narrow-cred",
        "registry.narrow.test",
        "sa-narrow",
        spec -> spec.setServiceAccounts(List.of("default")));

    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(() -> assertThat(pullSecrets(cluster, "sa-c", "deployer")).isEmpty());
    assertThat(pullSecrets(cluster, "sa-c", "default"))
        .containsExactly("team-registry", "narrow-pull");
  }

  @Test
  void deletingASyncRightAfterItsFanOutLeavesNoSecretAndNoEntryBehind(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    List<String> namespaces = IntStream.range(0, 40).mapToObj(i -> "sa-race-" + i).toList();
    for (String namespace : namespaces) {
      cluster.namespace(namespace, Map.of("sa-race", "true"));
      account(cluster, namespace, "default");
    }
    cluster.centralLogin("race-source", "race-cred", "robot", "pw");
    cluster.source("race-source");

    cluster.sync(
        "race",
        "race-source",
        "race-cred",
        "registry.race.test",
        "sa-race",
        spec -> spec.setServiceAccounts(List.of("default")));
    // Delete while the first writes land, before the watches can have seen them all.
    await()
        .atMost(TestCluster.PATIENCE)
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () ->
                assertThat(
                        namespaces.stream()
                            .filter(ns -> cluster.secret(ns, "race-pull") != null)
                            .findFirst())
                    .as("a namespace with Secret race-pull")
                    .isPresent());
    cluster.client().resources(PullSecretSync.class).withName("race").delete();
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> assertThat(cluster.getSync("race")).as("sync race after deletion").isNull());

    assertThat(
            cluster
                .client()
                .secrets()
                .inAnyNamespace()
                .withLabel(ManagedSecret.SYNC_LABEL, "race")
                .list()
                .getItems())
        .as("Secrets of the deleted sync")
        .isEmpty();
    for (String namespace : namespaces) {
      assertThat(pullSecrets(cluster, namespace, "default")).as(namespace).isEmpty();
    }
  }

  private static void account(
      TestCluster cluster, String namespace, String name, String... pullSecrets) {
    cluster
        .client()
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(Map.of(NOTE, "kept"))
                .endMetadata()
                .withImagePullSecrets(
                    java.util.Arrays.stream(pullSecrets).map(LocalObjectReference::new).toList())
                .build())
        .fieldManager(CREATOR)
        .serverSideApply();
  }

  private static List<String> pullSecrets(TestCluster cluster, String namespace, String name) {
    ServiceAccount account =
        cluster.client().serviceAccounts().inNamespace(namespace).withName(name).get();
    return account.getImagePullSecrets() == null
        ? List.of()
        : account.getImagePullSecrets().stream().map(LocalObjectReference::getName).toList();
  }
}
