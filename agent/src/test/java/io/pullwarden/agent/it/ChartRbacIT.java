package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pullwarden.agent.Agent;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncStatus;
import io.pullwarden.testenv.KubernetesServer;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's RBAC on a real API server, with the agent on nothing but a token of the chart's
 * ServiceAccount ({@link ChartServiceAccount}): it is enough for the agent to do a whole sync
 * (write, attach, report, rotate, clean up), under the chart's admission policies, which {@link
 * AdmissionPolicyIT} tests one write at a time; and it refuses with 403 what the agent never does
 * ({@link ForbiddenActions}); and people bound to the built-in view and edit roles get what the
 * chart's aggregated ClusterRoles give them, and no way to write a CredentialSource. Runs in a JVM
 * of its own (Failsafe does not reuse forks), so it has its own API server.
 */
@ExtendWith(OwnApiServer.class)
class ChartRbacIT {

  private static final String SERVER = "registry.chart.test";

  @Test
  void theChartsRbacIsEnoughForTheAgentToSyncAttachReportAndCleanUp(KubernetesServer server) {
    try (KubernetesClient admin = server.newClient()) {
      RunningAgent.prepare(admin);
      ChartServiceAccount account = ChartServiceAccount.install(server, admin);
      TestCluster cluster = new TestCluster(admin);
      cluster.namespace("rbac-a", Map.of("rbac", "true"));
      admin
          .serviceAccounts()
          .inNamespace("rbac-a")
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("default")
                  .endMetadata()
                  .withImagePullSecrets(new LocalObjectReference("team-registry"))
                  .build())
          .create();
      cluster.centralLogin("rbac-source", "rbac-cred", "robot", "first-password");
      cluster.source("rbac-source");

      try (KubernetesClient client = account.newClient();
          Agent agent = ChartServiceAccount.startAgent(client)) {
        assertThat(ChartServiceAccount.whoIs(client)).isEqualTo(account.username());
        cluster.sync(
            "rbac",
            "rbac-source",
            "rbac-cred",
            SERVER,
            "rbac",
            spec -> spec.setServiceAccounts(List.of("default")));

        awaitWrittenPassword(cluster, "first-password");
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(pullSecrets(admin))
                        .as("imagePullSecrets of ServiceAccount rbac-a/default")
                        .isEqualTo(List.of("team-registry", "rbac-pull")));
        cluster.awaitCondition("rbac", "Ready", "True");
        assertThat(cluster.getSync("rbac").getStatus().getNamespaces().getSynced()).isEqualTo(1);
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(cluster.getSource("rbac-source").getStatus())
                        .as("status of CredentialSource rbac-source")
                        .isNotNull());
        assertThat(cluster.getSource("rbac-source").getStatus().getConditions())
            .anySatisfy(c -> assertThat(c.getStatus()).isEqualTo("True"));

        // Rotation: an update in place, and an Event in the default namespace.
        cluster.centralLogin("rbac-source", "rbac-cred", "robot", "second-password");
        awaitWrittenPassword(cluster, "second-password");
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(eventReasons(admin, "rbac"))
                        .as("reasons of the Events about sync rbac")
                        .contains("CredentialRotated"));
        assertThat(eventReasons(admin, "rbac-source")).contains("SourceReady");

        // Deletion: the finalizer's cleanup deletes the Secret and detaches it, then lets go.
        admin.resources(PullSecretSync.class).withName("rbac").delete();
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () -> assertThat(cluster.getSync("rbac")).as("sync rbac after deletion").isNull());
        assertThat(cluster.secret("rbac-a", "rbac-pull")).isNull();
        assertThat(pullSecrets(admin)).containsExactly("team-registry");

        // The readiness probe reads Pullwarden's own two CRDs.
        assertThat(
                client
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("pullsecretsyncs.pullwarden.io")
                    .get())
            .isNotNull();

        // Leader election on this account is LeaderFailoverIT's: two agents on it for several lease
        // durations. A Lease created and updated by hand here once passed while the leader's
        // renewals (patches) were refused.
      }
    }
  }

  @Test
  void theChartsRbacRefusesWhatTheAgentNeverDoes(KubernetesServer server) {
    try (KubernetesClient admin = server.newClient()) {
      RunningAgent.prepare(admin);
      ChartServiceAccount account = ChartServiceAccount.install(server, admin);
      new TestCluster(admin).namespace("rbac-other", Map.of());
      try (KubernetesClient client = account.newClient()) {
        assertThat(ChartServiceAccount.whoIs(client)).isEqualTo(account.username());
        ForbiddenActions.of(
                client, ChartServiceAccount.NAMESPACE, "rbac-other", ChartServiceAccount.RELEASE)
            .forEach(ChartRbacIT::assertRefused);
      }
    }
  }

  /**
   * People reach Pullwarden's resources through the built-in roles, as Kubernetes aggregates the
   * chart's ClusterRoles into them: a user bound to {@code view} reads syncs and sources and writes
   * neither; one bound to {@code edit} also writes syncs, but never a CredentialSource (its author
   * chooses where a store login is sent) nor a sync's status (the agent's). Both kinds are
   * cluster-scoped, so {@code edit} bound in one namespace grants nothing of them. Writing syncs
   * through {@code edit} is opt-in ({@code rbac.aggregatedEditRole}); by default the chart renders
   * no such role.
   */
  @Test
  void peopleBoundToViewOrEditGetPullwardensResourcesButNeverWriteASource(KubernetesServer server) {
    assertThat(
            HelmChart.render(ChartServiceAccount.RELEASE, ChartServiceAccount.NAMESPACE)
                .lines()
                .filter(line -> line.matches("\\s*name: .*-edit"))
                .toList())
        .as("ClusterRoles ending in -edit by default")
        .isEmpty();
    try (KubernetesClient admin = server.newClient();
        UserRoles roles = UserRoles.install(server, admin)) {
      RunningAgent.prepare(admin);
      new TestCluster(admin).namespace("team-ns", Map.of());
      UserRoles.bindClusterWide(admin, "viewer", "view");
      UserRoles.bindClusterWide(admin, "editor", "edit");
      UserRoles.bindInNamespace(admin, "team-editor", "edit", "team-ns");
      roles.awaitAggregated(admin, "view", "credentialsources");
      roles.awaitAggregated(admin, "edit", "pullsecretsyncs");
      roles.awaitAggregated(admin, "admin", "pullsecretsyncs");
      admin.resource(UserRoles.load(admin, SOURCE).get(0)).serverSideApply();

      try (KubernetesClient viewer = roles.as("viewer");
          KubernetesClient editor = roles.as("editor");
          KubernetesClient teamEditor = roles.as("team-editor")) {
        assertThat(viewer.resources(CredentialSource.class).list().getItems())
            .extracting(source -> source.getMetadata().getName())
            .contains("people-source");
        assertRefused("view: create a PullSecretSync", () -> createSync(viewer));

        createSync(editor);
        assertThat(viewer.resources(PullSecretSync.class).list().getItems())
            .extracting(sync -> sync.getMetadata().getName())
            .contains("people-sync");
        assertThat(editor.resources(CredentialSource.class).withName("people-source").get())
            .isNotNull();
        assertRefused(
            "edit: create a CredentialSource",
            () -> editor.resource(UserRoles.load(editor, SOURCE).get(0)).dryRun().create());
        assertRefused(
            "edit: change a CredentialSource",
            () ->
                editor
                    .resources(CredentialSource.class)
                    .withName("people-source")
                    .edit(
                        source -> {
                          source.getSpec().setTargetNamespaces(null);
                          return source;
                        }));
        assertRefused(
            "edit: delete a CredentialSource",
            () -> editor.resources(CredentialSource.class).withName("people-source").delete());
        assertRefused(
            "edit: write a PullSecretSync's status",
            () ->
                editor
                    .resources(PullSecretSync.class)
                    .withName("people-sync")
                    .editStatus(
                        sync -> {
                          PullSecretSyncStatus status = new PullSecretSyncStatus();
                          status.setObservedGeneration(7L);
                          sync.setStatus(status);
                          return sync;
                        }));

        assertRefused(
            "edit in one namespace: list PullSecretSyncs (cluster-scoped)",
            () -> teamEditor.resources(PullSecretSync.class).list());
      }
    }
  }

  private static final String SOURCE =
      """
      apiVersion: pullwarden.io/v1alpha1
      kind: CredentialSource
      metadata: {name: people-source}
      spec:
        type: kubernetes-secret
        targetNamespaces: {selector: {}}
      """;

  /** Creates PullSecretSync people-sync as {@code client}'s user. */
  private static void createSync(KubernetesClient client) {
    client
        .resource(
            UserRoles.load(
                    client,
                    """
                    apiVersion: pullwarden.io/v1alpha1
                    kind: PullSecretSync
                    metadata: {name: people-sync}
                    spec:
                      secretName: people-pull
                      registries:
                      - {server: registry.example.com, sourceRef: people-source, ref: {name: login}}
                      namespaces: {names: [team-ns]}
                    """)
                .get(0))
        .create();
  }

  private static void assertRefused(String action, ThrowingCallable call) {
    assertThatThrownBy(call)
        .as(action)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> assertThat(e.getCode()).as(action + ": HTTP status").isEqualTo(403));
  }

  /** Waits until the Secret the sync writes in rbac-a holds {@code password}. */
  private static void awaitWrittenPassword(TestCluster cluster, String password) {
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.writtenPassword("rbac-a", "rbac-pull", SERVER))
                    .as("password in rbac-a")
                    .contains(password));
  }

  private static List<String> pullSecrets(KubernetesClient admin) {
    var account = admin.serviceAccounts().inNamespace("rbac-a").withName("default").get();
    return account.getImagePullSecrets().stream().map(LocalObjectReference::getName).toList();
  }

  private static List<String> eventReasons(KubernetesClient admin, String about) {
    return admin.v1().events().inNamespace("default").list().getItems().stream()
        .filter(event -> about.equals(event.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }
}
