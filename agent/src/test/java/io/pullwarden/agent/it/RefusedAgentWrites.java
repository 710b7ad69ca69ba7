package io.pullwarden.agent.it;

import static io.pullwarden.agent.it.TestSecrets.DOCKER_CONFIG_JSON;
import static io.pullwarden.agent.it.TestSecrets.OPAQUE;
import static io.pullwarden.agent.it.TestSecrets.TLS;

import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.fanout.ManagedSecret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Writes that the chart's RBAC allows the agent's account but the agent never makes, each one API
 * call with the agent's client: what the chart's policy for that account must refuse. The objects
 * they aim at are made first with the admin client. They lean towards what someone holding the
 * token would try: plant a Secret of another type under Pullwarden's labels, take over or delete
 * Secrets that are not Pullwarden's, change who a ServiceAccount is, change what a sync does.
 */
final class RefusedAgentWrites {

  /** A finalizer of some other controller, which the agent must leave alone. */
  static final String OTHER_FINALIZER = "example.com/keep";

  private RefusedAgentWrites() {}

  /**
   * @param namespace where the Secrets and the ServiceAccount are made
   * @param sync a PullSecretSync that carries {@link #OTHER_FINALIZER}
   */
  static Map<String, ThrowingCallable> of(
      KubernetesClient admin, KubernetesClient agent, String namespace, String sync) {
    Map<String, ThrowingCallable> writes = new LinkedHashMap<>();
    Map<String, String> labels = TestSecrets.ownershipLabels("planted");
    writes.put(
        "create an Opaque Secret with Pullwarden's labels",
        () -> agent.resource(TestSecrets.labelled(namespace, "opaque", OPAQUE, labels)).create());
    writes.put(
        "create a TLS Secret with Pullwarden's labels",
        () -> agent.resource(TestSecrets.labelled(namespace, "tls", TLS, labels)).create());
    writes.put(
        "create a pull Secret without the content-hash annotation",
        () ->
            agent
                .resource(TestSecrets.labelled(namespace, "no-hash", DOCKER_CONFIG_JSON, labels))
                .create());

    Secret foreign = admin.resource(TestSecrets.unlabelled(namespace, "foreign", OPAQUE)).create();
    writes.put(
        "update a Secret that is not Pullwarden's",
        () -> agent.resource(TestSecrets.edited(foreign)).update());
    writes.put(
        "delete a Secret that is not Pullwarden's",
        () -> agent.secrets().inNamespace(namespace).withName("foreign").delete());

    Secret tls = admin.resource(TestSecrets.unlabelled(namespace, "foreign-tls", TLS)).create();
    writes.put(
        "adopt a TLS Secret",
        () ->
            agent
                .resource(
                    new SecretBuilder(tls)
                        .editMetadata()
                        .addToLabels(labels)
                        .addToAnnotations(ManagedSecret.HASH_ANNOTATION, "0")
                        .endMetadata()
                        .build())
                .update());

    ServiceAccount account = new TestCluster(admin).serviceAccount(namespace, "builder");
    writes.put(
        "change a ServiceAccount's labels",
        () ->
            agent
                .resource(
                    new ServiceAccountBuilder(account)
                        .editMetadata()
                        .addToLabels("team", "b")
                        .endMetadata()
                        .build())
                .update());
    writes.put(
        "change a ServiceAccount's other annotations",
        () ->
            agent
                .resource(
                    new ServiceAccountBuilder(account)
                        .editMetadata()
                        .addToAnnotations("example.com/owner", "attacker")
                        .endMetadata()
                        .build())
                .update());
    writes.put(
        "change a ServiceAccount's secrets",
        () ->
            agent
                .resource(new ServiceAccountBuilder(account).withSecrets(List.of()).build())
                .update());
    writes.put(
        "switch on a ServiceAccount's token automount",
        () ->
            agent
                .resource(
                    new ServiceAccountBuilder(account)
                        .withAutomountServiceAccountToken(true)
                        .build())
                .update());

    PullSecretSync target = admin.resources(PullSecretSync.class).withName(sync).get();
    writes.put(
        "change a PullSecretSync's spec",
        () -> patchSync(target, agent, "{\"spec\":{\"secretName\":\"planted\"}}"));
    writes.put(
        "label a PullSecretSync",
        () -> patchSync(target, agent, "{\"metadata\":{\"labels\":{\"planted\":\"yes\"}}}"));
    writes.put(
        "remove another controller's finalizer from a PullSecretSync",
        () -> patchSync(target, agent, "{\"metadata\":{\"finalizers\":null}}"));
    Event foreignEvent =
        admin
            .events()
            .v1()
            .events()
            .inNamespace("default")
            .resource(event("kubelet", "v1", "Pod", "web"))
            .create();
    writes.put(
        "patch another controller's Event",
        () ->
            agent
                .events()
                .v1()
                .events()
                .resource(foreignEvent)
                .patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"series\":{\"count\":99,\"lastObservedTime\":\"2026-11-30T12:00:00.000000Z\"}}"));
    Event ownEvent =
        admin
            .events()
            .v1()
            .events()
            .inNamespace("default")
            .resource(
                event("pullwarden.io/agent", "pullwarden.io/v1alpha1", "PullSecretSync", sync))
            .create();
    writes.put(
        "label its own Event",
        () ->
            agent
                .events()
                .v1()
                .events()
                .resource(ownEvent)
                .patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"labels\":{\"planted\":\"yes\"}}}"));
    writes.put(
        "post an Event with a finalizer",
        () ->
            agent
                .events()
                .v1()
                .events()
                .resource(
                    new EventBuilder(
                            event(
                                "pullwarden.io/agent",
                                "pullwarden.io/v1alpha1",
                                "PullSecretSync",
                                sync + "-pinned"))
                        .editMetadata()
                        .addToFinalizers("example.com/pin")
                        .endMetadata()
                        .build())
                .create());
    writes.put(
        "post an Event as another controller",
        () ->
            agent
                .events()
                .v1()
                .events()
                .resource(event("kubelet", "pullwarden.io/v1alpha1", "PullSecretSync", sync))
                .create());
    writes.put(
        "post an Event about an object that is not Pullwarden's",
        () ->
            agent
                .events()
                .v1()
                .events()
                .resource(event("pullwarden.io/agent", "v1", "Pod", "web"))
                .create());
    return writes;
  }

  /** An Event in the default namespace from {@code controller} about the object named. */
  private static Event event(String controller, String apiVersion, String kind, String name) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name + "." + controller.length() + kind.length())
        .withNamespace("default")
        .endMetadata()
        .withNewRegarding()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withNamespace(kind.equals("Pod") ? "default" : null)
        .withName(name)
        .endRegarding()
        .withEventTime(new MicroTime("2026-11-30T12:00:00.000000Z"))
        .withReportingController(controller)
        .withReportingInstance("node-1")
        .withAction("Sync")
        .withType("Warning")
        .withReason("Planted")
        .withNote("planted")
        .build();
  }

  /**
   * A merge patch sent with the sync read by the admin, so that the agent's client reads nothing.
   */
  private static void patchSync(PullSecretSync sync, KubernetesClient agent, String mergePatch) {
    agent.resource(sync).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }
}
