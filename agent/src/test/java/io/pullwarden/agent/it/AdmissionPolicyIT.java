package io.pullwarden.agent.it;

import static io.pullwarden.agent.it.ChartServiceAccount.AGENT_POLICY;
import static io.pullwarden.agent.it.ChartServiceAccount.NAMESPACE;
import static io.pullwarden.agent.it.ChartServiceAccount.OWNERSHIP_POLICY;
import static io.pullwarden.agent.it.ChartServiceAccount.RELEASE;
import static io.pullwarden.agent.it.TestSecrets.DOCKER_CONFIG_JSON;
import static io.pullwarden.agent.it.TestSecrets.OPAQUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.fanout.ManagedSecret;
import io.pullwarden.agent.fanout.PullSecretAttachment;
import io.pullwarden.agent.fanout.ServiceAccountWriter;
import io.pullwarden.agent.reconciler.EventRecorder;
import io.pullwarden.testenv.KubernetesServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's ValidatingAdmissionPolicy for the agent's account on a real API server: with the
 * agent's own token every write the agent makes goes through and the writes it never makes are
 * refused by that policy; and the chart renders the policies only when they are on and the cluster
 * serves them. Without an agent running: the writes are made one by one, as the agent makes them.
 * {@link ChartRbacIT} runs the agent itself under the same policies, {@link
 * SecretOwnershipPolicyIT} tests the other policy.
 */
@ExtendWith(OwnApiServer.class)
class AdmissionPolicyIT {

  private static final String FINALIZER = "pullsecretsyncs.pullwarden.io/finalizer";

  @Test
  void theAgentsAccountMayMakeEveryWriteTheAgentMakes(KubernetesServer server) {
    try (KubernetesClient admin = server.newClient()) {
      ChartServiceAccount account = install(server, admin, "vap-allowed");
      TestCluster cluster = new TestCluster(admin);
      cluster.sync("vap-allowed", "vap-source", "vap-cred", "registry.policy.test", "x", s -> {});
      cluster.source("vap-source");
      try (KubernetesClient agent = account.newClient()) {
        // A managed Secret's life: create, rotate in place, release under deletionPolicy Retain.
        Secret own = agent.resource(TestSecrets.managed("vap-allowed", "own", "a", "one")).create();
        Secret rotated = TestSecrets.managed("vap-allowed", "own", "a", "two");
        rotated.getMetadata().setResourceVersion(own.getMetadata().getResourceVersion());
        Secret released =
            new SecretBuilder(agent.resource(rotated).update())
                .editMetadata()
                .removeFromLabels(ManagedSecret.MANAGED_BY_LABEL)
                .removeFromLabels(ManagedSecret.SYNC_LABEL)
                .endMetadata()
                .build();
        assertThat(agent.resource(released).update().getMetadata().getLabels()).isEmpty();

        // conflictPolicy Adopt: take over a pull Secret someone else wrote; then delete it.
        Secret foreign =
            admin
                .resource(TestSecrets.unlabelled("vap-allowed", "adopt", DOCKER_CONFIG_JSON))
                .create();
        Secret adopted = TestSecrets.managed("vap-allowed", "adopt", "a", "one");
        adopted.getMetadata().setResourceVersion(foreign.getMetadata().getResourceVersion());
        agent.resource(adopted).update();
        agent.secrets().inNamespace("vap-allowed").withName("adopt").delete();
        assertThat(cluster.secret("vap-allowed", "adopt")).isNull();

        // Attach and detach with the agent's own writer, on an account with everything else set.
        ServiceAccount builder = cluster.serviceAccount("vap-allowed", "builder");
        ServiceAccountWriter writer = new ServiceAccountWriter(agent);
        assertThat(writer.attach(builder, "own")).isTrue();
        ServiceAccount attached = readAccount(admin, "vap-allowed");
        assertThat(attached.getImagePullSecrets())
            .extracting(LocalObjectReference::getName)
            .containsExactly("team-registry", "own");
        assertThat(attached.getMetadata().getAnnotations())
            .containsEntry(PullSecretAttachment.ATTACHED_ANNOTATION, "own");
        assertThat(writer.detach(attached, "own")).isTrue();
        assertThat(readAccount(admin, "vap-allowed").getMetadata().getAnnotations())
            .doesNotContainKey(PullSecretAttachment.ATTACHED_ANNOTATION);

        // The finalizer as Java Operator SDK writes it: added by server-side apply, removed by a
        // JSON patch; and status on both custom resources.
        agent
            .resource(
                new GenericKubernetesResourceBuilder()
                    .withApiVersion("pullwarden.io/v1alpha1")
                    .withKind("PullSecretSync")
                    .withNewMetadata()
                    .withName("vap-allowed")
                    .withFinalizers(FINALIZER)
                    .endMetadata()
                    .build())
            .fieldManager("pullsecretsyncreconciler")
            .forceConflicts()
            .serverSideApply();
        assertThat(cluster.getSync("vap-allowed").getMetadata().getFinalizers())
            .containsExactly(FINALIZER);
        agent
            .resource(cluster.getSync("vap-allowed"))
            .patch(
                PatchContext.of(PatchType.JSON),
                "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"}]");
        assertThat(cluster.getSync("vap-allowed").getMetadata().getFinalizers()).isEmpty();
        String status = "{\"status\":{\"observedGeneration\":1}}";
        agent
            .resource(cluster.getSync("vap-allowed"))
            .subresource("status")
            .patch(PatchContext.of(PatchType.JSON_MERGE), status);
        agent
            .resource(cluster.getSource("vap-source"))
            .subresource("status")
            .patch(PatchContext.of(PatchType.JSON_MERGE), status);
        assertThat(cluster.getSource("vap-source").getStatus().getObservedGeneration())
            .isEqualTo(1L);

        // An Event about the sync, and its repeat as a patch of the Event's series.
        EventRecorder events = EventRecorder.onApiServer(agent, Clock.systemUTC(), "vap-replica");
        events.warning(cluster.getSync("vap-allowed"), "SourceUnavailable", "store down");
        events.warning(cluster.getSync("vap-allowed"), "SourceUnavailable", "store down");
        assertThat(admin.events().v1().events().inNamespace("default").list().getItems())
            .filteredOn(e -> "vap-allowed".equals(e.getRegarding().getName()))
            .singleElement()
            .extracting(e -> e.getSeries() == null ? 1 : e.getSeries().getCount())
            .as("series.count of the Event posted twice")
            .isEqualTo(2);
      }
    }
  }

  @Test
  void theAgentsAccountIsRefusedWritesTheAgentNeverMakes(KubernetesServer server) {
    try (KubernetesClient admin = server.newClient()) {
      ChartServiceAccount account = install(server, admin, "vap-refused");
      TestCluster cluster = new TestCluster(admin);
      cluster.sync("vap-refused", "vap-source", "vap-cred", "registry.policy.test", "x", s -> {});
      admin
          .resources(PullSecretSync.class)
          .withName("vap-refused")
          .edit(
              sync -> {
                sync.getMetadata().getFinalizers().add(RefusedAgentWrites.OTHER_FINALIZER);
                return sync;
              });
      try (KubernetesClient agent = account.newClient()) {
        RefusedAgentWrites.of(admin, agent, "vap-refused", "vap-refused")
            .forEach((write, call) -> PolicyAssertions.assertRefusedBy(AGENT_POLICY, write, call));

        // A Secret's type cannot change in place at all: the API server's own validation says so
        // before any admission policy runs, so the policy's rule is never reached.
        Secret own = agent.resource(TestSecrets.managed("vap-refused", "own", "a", "one")).create();
        assertThatThrownBy(
                () -> agent.resource(new SecretBuilder(own).withType(OPAQUE).build()).update())
            .isInstanceOfSatisfying(
                KubernetesClientException.class,
                e -> {
                  assertThat(e.getCode()).isEqualTo(422);
                  assertThat(e.getMessage()).contains("field is immutable");
                });
      }
      assertThat(cluster.secret("vap-refused", "foreign")).isNotNull();
      assertThat(cluster.getSync("vap-refused").getSpec().getSecretName())
          .isEqualTo("vap-refused-pull");
    }
  }

  @Test
  void thePoliciesAreRenderedByDefaultNotWhenTurnedOffAndNeedKubernetes130(
      KubernetesServer server) {
    try (KubernetesClient admin = server.newClient()) {
      List<HasMetadata> defaults = HelmChart.objects(admin, HelmChart.render(RELEASE, NAMESPACE));
      assertThat(defaults)
          .filteredOn(ValidatingAdmissionPolicy.class::isInstance)
          .map(ValidatingAdmissionPolicy.class::cast)
          .allSatisfy(
              policy -> {
                assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
                assertThat(policy.getSpec().getMatchConditions().get(0).getExpression())
                    .contains("'system:serviceaccount:pullwarden-system:pullwarden'");
              })
          .extracting(policy -> policy.getMetadata().getName())
          .containsExactlyInAnyOrder(AGENT_POLICY, OWNERSHIP_POLICY);
      assertThat(defaults)
          .filteredOn(ValidatingAdmissionPolicyBinding.class::isInstance)
          .map(ValidatingAdmissionPolicyBinding.class::cast)
          .allSatisfy(
              binding -> {
                assertThat(binding.getSpec().getPolicyName())
                    .isEqualTo(binding.getMetadata().getName());
                assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
              })
          .hasSize(2);

      List<HasMetadata> off =
          HelmChart.objects(
              admin,
              HelmChart.render(RELEASE, NAMESPACE, "--set", "admissionPolicies.enabled=false"));
      assertThat(off)
          .extracting(HasMetadata::getKind)
          .doesNotContain("ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");
      assertThat(off).hasSize(defaults.size() - 4);

      // Helm lists served kinds when it talks to a cluster; --api-versions stands in for a
      // cluster older than 1.30, which serves Secrets but no ValidatingAdmissionPolicy.
      HelmChart.Run old = HelmChart.template(RELEASE, NAMESPACE, "--api-versions", "v1/Secret");
      assertThat(old.succeeded()).isFalse();
      assertThat(old.stderr())
          .contains("Kubernetes 1.30 or later")
          .contains("admissionPolicies.enabled=false");
      assertThat(
              HelmChart.template(
                  RELEASE,
                  NAMESPACE,
                  "--api-versions",
                  "v1/Secret",
                  "--set",
                  "admissionPolicies.enabled=false"))
          .matches(HelmChart.Run::succeeded, "renders for that cluster with the policies off");
    }
  }

  /** The CRDs, the chart's account, RBAC and policies, and a namespace for the test's objects. */
  private static ChartServiceAccount install(
      KubernetesServer server, KubernetesClient admin, String namespace) {
    RunningAgent.prepare(admin);
    ChartServiceAccount account = ChartServiceAccount.install(server, admin);
    new TestCluster(admin).namespace(namespace, Map.of());
    return account;
  }

  private static ServiceAccount readAccount(KubernetesClient admin, String namespace) {
    return admin.serviceAccounts().inNamespace(namespace).withName("builder").get();
  }
}
