package io.pullwarden.agent.it;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.agent.customresource.PullSecretSync;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Things the agent never does, each one API call made with the agent's client: what the chart's
 * RBAC must refuse with 403. They lean towards what an attacker holding the token would try first
 * (escalate, run workloads, take over the agent's own objects). Patches are sent with the object
 * given, so the client makes no read first and the refusal is of the patch itself.
 */
final class ForbiddenActions {

  private ForbiddenActions() {}

  /**
   * @param own the agent's namespace
   * @param other any other namespace
   * @param account the agent's ServiceAccount name
   */
  static Map<String, ThrowingCallable> of(
      KubernetesClient client, String own, String other, String account) {
    Map<String, ThrowingCallable> actions = new LinkedHashMap<>();
    actions.put("delete a Namespace", () -> client.namespaces().withName(other).delete());
    actions.put(
        "read a CRD that is not Pullwarden's",
        () ->
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("leases.example.com")
                .get());
    actions.put(
        "create a ClusterRole",
        () ->
            client
                .rbac()
                .clusterRoles()
                .resource(
                    new ClusterRoleBuilder()
                        .withNewMetadata()
                        .withName("planted")
                        .endMetadata()
                        .addNewRule()
                        .withApiGroups("*")
                        .withResources("*")
                        .withVerbs("*")
                        .endRule()
                        .build())
                .create());
    actions.put(
        "bind itself to the admin role in a namespace",
        () ->
            client
                .rbac()
                .roleBindings()
                .inNamespace(other)
                .resource(
                    new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("planted")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "admin")
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName(account)
                        .withNamespace(own)
                        .endSubject()
                        .build())
                .create());
    actions.put("list Pods", () -> client.pods().inAnyNamespace().list());
    actions.put(
        "run a Pod",
        () ->
            client
                .pods()
                .inNamespace(other)
                .resource(
                    new PodBuilder()
                        .withNewMetadata()
                        .withName("planted")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("shell")
                        .withImage("busybox")
                        .endContainer()
                        .endSpec()
                        .build())
                .create());
    actions.put(
        "scale its own Deployment",
        () ->
            client
                .apps()
                .deployments()
                .inNamespace(own)
                .resource(
                    new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(account)
                        .endMetadata()
                        .build())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":0}}"));
    actions.put(
        "mint a token for its own ServiceAccount",
        () ->
            client
                .serviceAccounts()
                .inNamespace(own)
                .withName(account)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().endSpec().build()));
    actions.put("create a CredentialSource", () -> client.resource(source("planted")).create());
    actions.put(
        "change a CredentialSource's spec",
        () ->
            client
                .resource(source("planted"))
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"type\":\"other\"}}"));
    // patch on PullSecretSyncs (for the finalizer) cannot be narrowed by RBAC; deletion can.
    actions.put(
        "delete a PullSecretSync",
        () -> client.resources(PullSecretSync.class).withName("anything").delete());
    actions.put(
        "post an Event outside the default namespace",
        () -> client.events().v1().events().inNamespace(other).resource(event(other)).create());
    actions.put(
        "post an Event through the core/v1 API",
        () ->
            client
                .v1()
                .events()
                .inNamespace("default")
                .resource(
                    new EventBuilder()
                        .withNewMetadata()
                        .withName("planted")
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withKind("Namespace")
                        .withName(other)
                        .endInvolvedObject()
                        .withReason("Planted")
                        .build())
                .create());
    actions.put(
        "delete an Event",
        () -> client.events().v1().events().inNamespace("default").withName("any").delete());
    actions.put(
        "take a Lease outside its own namespace",
        () ->
            client
                .resources(Lease.class)
                .inNamespace(other)
                .resource(
                    new LeaseBuilder().withNewMetadata().withName("planted").endMetadata().build())
                .create());
    actions.put(
        "delete a Lease",
        () -> client.resources(Lease.class).inNamespace(own).withName("x").delete());
    return actions;
  }

  /** An Event that would pass the agent's policy, so only RBAC can refuse it. */
  private static io.fabric8.kubernetes.api.model.events.v1.Event event(String namespace) {
    return new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
        .withNewMetadata()
        .withName("planted")
        .withNamespace(namespace)
        .endMetadata()
        .withNewRegarding()
        .withApiVersion("pullwarden.io/v1alpha1")
        .withKind("PullSecretSync")
        .withName("planted")
        .endRegarding()
        .withEventTime(new MicroTime("2026-11-30T12:00:00.000000Z"))
        .withReportingController("pullwarden.io/agent")
        .withReportingInstance("planted")
        .withAction("Sync")
        .withType("Normal")
        .withReason("Planted")
        .build();
  }

  private static CredentialSource source(String name) {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName(name);
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType("kubernetes-secret");
    source.setSpec(spec);
    return source;
  }
}
