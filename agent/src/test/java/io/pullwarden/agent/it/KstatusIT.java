package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.agent.it.Kstatus.Verdict;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How kstatus — the library Flux, kpt and Argo CD's health checks read resources with — sees a
 * PullSecretSync and a CredentialSource in each state, read from the real API server and judged by
 * the real library ({@link Kstatus}): synced is Current, a rotation is InProgress until every
 * namespace holds the new credential, an invalid config and a conflict are Failed. A store that is
 * down (InProgress, then Current again) is proven in {@link SourceReadyIT}.
 */
@ExtendWith(AgentExtension.class)
class KstatusIT {

  private static final String SERVER = "registry.kstatus.test";
  private static final ResourceDefinitionContext SYNCS =
      new ResourceDefinitionContext.Builder()
          .withGroup("pullwarden.io")
          .withVersion("v1alpha1")
          .withKind("PullSecretSync")
          .withPlural("pullsecretsyncs")
          .withNamespaced(false)
          .build();
  private static final ResourceDefinitionContext SOURCES =
      new ResourceDefinitionContext.Builder()
          .withGroup("pullwarden.io")
          .withVersion("v1alpha1")
          .withKind("CredentialSource")
          .withPlural("credentialsources")
          .withNamespaced(false)
          .build();

  @Test
  void aSyncedSyncIsCurrentAndARotationIsInProgressUntilItIsWritten(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("kstatus-a", Map.of("kstatus", "true"));
    cluster.namespace("kstatus-b", Map.of("kstatus", "true"));
    cluster.centralLogin("kstatus-source", "kstatus-cred", "robot", "first");
    cluster.source("kstatus-source");
    cluster.sync("kstatus", "kstatus-source", "kstatus-cred", SERVER, "kstatus", spec -> {});
    awaitWritten(cluster, "first");
    awaitVerdict(cluster, SYNCS, "kstatus", "Current");
    awaitVerdict(cluster, SOURCES, "kstatus-source", "Current");

    List<String> seen = new CopyOnWriteArrayList<>();
    Watch watch = watch(cluster, "kstatus", seen);
    try {
      cluster.centralLogin("kstatus-source", "kstatus-cred", "robot", "second");
      awaitWritten(cluster, "second");
      await()
          .atMost(TestCluster.PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(seen.stream().map(Kstatus::of).map(Verdict::status).toList())
                      .as("kstatus of each version of the sync during the rotation")
                      .endsWith("Current"));
    } finally {
      watch.close();
    }

    List<Verdict> verdicts = seen.stream().map(Kstatus::of).toList();
    assertThat(verdicts)
        .as("the status patched before the writes")
        .anySatisfy(
            verdict -> {
              assertThat(verdict.status()).isEqualTo("InProgress");
              assertThat(verdict.message()).contains("the credential changed; writing it to 2");
            });
  }

  @Test
  void aConflictIsFailedUntilItIsResolved(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("kstatus-conflict", Map.of("kstatus-conflict", "true"));
    cluster
        .client()
        .secrets()
        .inNamespace("kstatus-conflict")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("kstatus-conflict-pull")
                .endMetadata()
                .withStringData(Map.of("note", "someone else's"))
                .build())
        .create();
    cluster.centralLogin("kstatus-conflict-source", "kstatus-conflict-cred", "robot", "pw");
    cluster.source("kstatus-conflict-source");
    cluster.sync(
        "kstatus-conflict",
        "kstatus-conflict-source",
        "kstatus-conflict-cred",
        SERVER,
        "kstatus-conflict",
        spec -> {});

    awaitVerdict(cluster, SYNCS, "kstatus-conflict", "Failed");

    cluster
        .client()
        .secrets()
        .inNamespace("kstatus-conflict")
        .withName("kstatus-conflict-pull")
        .delete();
    awaitVerdict(cluster, SYNCS, "kstatus-conflict", "Current");
  }

  @Test
  void anInvalidConfigIsFailedOnTheSourceAndOnItsSyncs(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("kstatus-invalid", Map.of("kstatus-invalid", "true"));
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName("kstatus-invalid-source");
    CredentialSourceSpec invalid = new CredentialSourceSpec();
    invalid.setType("kubernetes-secret");
    invalid.setConfig(Map.of("namespace", "Not A Namespace!"));
    invalid.setTargetNamespaces(TestCluster.everywhere());
    source.setSpec(invalid);
    cluster.client().resource(source).serverSideApply();
    cluster.sync(
        "kstatus-invalid",
        "kstatus-invalid-source",
        "kstatus-invalid-cred",
        SERVER,
        "kstatus-invalid",
        spec -> {});

    awaitVerdict(cluster, SOURCES, "kstatus-invalid-source", "Failed");
    awaitVerdict(cluster, SYNCS, "kstatus-invalid", "Failed");
  }

  private static void awaitWritten(TestCluster cluster, String password) {
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                cluster.assertWrittenEverywhere(
                    List.of("kstatus-a", "kstatus-b"), "kstatus-pull", SERVER, password));
  }

  private static void awaitVerdict(
      TestCluster cluster, ResourceDefinitionContext kind, String name, String status) {
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(Kstatus.of(Serialization.asJson(get(cluster, kind, name))).status())
                    .as("kstatus of %s %s", kind.getKind(), name)
                    .isEqualTo(status));
  }

  private static GenericKubernetesResource get(
      TestCluster cluster, ResourceDefinitionContext kind, String name) {
    return cluster.client().genericKubernetesResources(kind).withName(name).get();
  }

  /** Every version of sync {@code name} the API server sends, as JSON. */
  private static Watch watch(TestCluster cluster, String name, List<String> seen) {
    return cluster
        .client()
        .genericKubernetesResources(SYNCS)
        .withName(name)
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, GenericKubernetesResource resource) {
                seen.add(Serialization.asJson(resource));
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }
}
