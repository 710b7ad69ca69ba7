package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.pullwarden.agent.customresource.AllowedNamespaces;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncStatus;
import io.pullwarden.agent.customresource.RegistrySpec;
import io.pullwarden.agent.source.SecretAccess;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AgentExtension.class)
class InvalidInputIT {

  private static final String SERVER = "registry.invalid.test";

  @Test
  void theApiServerRejectsASyncWithoutSecretName(RunningAgent agent) {
    PullSecretSync sync = new PullSecretSync();
    sync.getMetadata().setName("no-secret-name");
    sync.setSpec(new io.pullwarden.agent.customresource.PullSecretSyncSpec());

    assertThatThrownBy(() -> agent.client().resource(sync).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.secretName");
  }

  @Test
  void theApiServerRejectsADuplicateServerAndABadServiceAccountList(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());

    assertThatThrownBy(
            () ->
                cluster.sync(
                    "duplicate-server",
                    "no-such-source",
                    "cred",
                    SERVER,
                    "rejected",
                    spec -> spec.setRegistries(List.of(spec.getRegistries().get(0), registry()))))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.registries")
        .hasMessageContaining("registries[].server must be unique within a sync");
    assertThatThrownBy(
            () ->
                cluster.sync(
                    "star-and-names",
                    "no-such-source",
                    "cred",
                    SERVER,
                    "rejected",
                    spec -> spec.setServiceAccounts(List.of("*", "default"))))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("'*' means every ServiceAccount and must be the only entry");
    assertThatThrownBy(
            () ->
                cluster.sync(
                    "bad-account",
                    "no-such-source",
                    "cred",
                    SERVER,
                    "rejected",
                    spec -> spec.setServiceAccounts(List.of("Default"))))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("serviceAccounts entries must be ServiceAccount names");
  }

  @Test
  void theApiServerHoldsSourceRefsAndConditionsToTheirSchema(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());

    assertThatThrownBy(
            () -> cluster.sync("bad-ref", "Vault Prod", "cred", SERVER, "rejected", spec -> {}))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.registries[0].sourceRef");
    PullSecretSync sync =
        cluster.sync("bad-condition", "no-such-source", "cred", SERVER, "rejected", spec -> {});
    PullSecretSync patch = new PullSecretSync();
    patch.getMetadata().setName(sync.getMetadata().getName());
    patch.setStatus(new PullSecretSyncStatus());
    patch
        .getStatus()
        .getConditions()
        .add(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("Maybe")
                .withReason("Guess")
                .withMessage("")
                .withLastTransitionTime("2026-11-30T12:00:00Z")
                .build());

    assertThatThrownBy(
            () ->
                agent
                    .client()
                    .resource(patch)
                    .subresource("status")
                    .patch(
                        new PatchContext.Builder()
                            .withPatchType(PatchType.SERVER_SIDE_APPLY)
                            .withFieldManager("someone-else")
                            .withForce(true)
                            .build()))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("status.conditions[0].status")
        .hasMessageContaining("Unsupported value");
  }

  @Test
  void theApiServerBoundsPatternsAndKeepsASourcesNamesExact(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());

    assertThatThrownBy(
            () ->
                cluster.sync(
                    "many-patterns",
                    "no-such-source",
                    "cred",
                    SERVER,
                    "rejected",
                    spec ->
                        spec.getNamespaces()
                            .setNames(
                                java.util.stream.IntStream.range(0, 17)
                                    .mapToObj(i -> "team-" + i + "-*")
                                    .toList())))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("at most 16 entries may be patterns");
    AllowedNamespaces starred = new AllowedNamespaces();
    starred.setNames(List.of("team-*"));
    assertThatThrownBy(() -> cluster.source("starred-source", starred))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.targetNamespaces.names[0]");
  }

  @Test
  void aServerTheKubeletCannotMatchIsNamedInStatus(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());

    cluster.sync("ftp-server", "no-such-source", "cred", "ftp://" + SERVER, "ftp", spec -> {});

    Condition degraded = cluster.awaitCondition("ftp-server", "Degraded", "True");
    assertThat(degraded.getReason()).isEqualTo("InvalidSpec");
    assertThat(degraded.getMessage())
        .startsWith("spec.registries[0].server has scheme \"ftp://\"; the kubelet knows only");
  }

  @Test
  void aMissingSourceIsNamedInStatusAndOtherSyncsCarryOn(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("invalid-a", Map.of("invalid", "true"));
    cluster.centralLogin("invalid-source", "invalid-cred", "robot", "pw");
    cluster.source("invalid-source");

    cluster.sync("broken", "no-such-source", "invalid-cred", SERVER, "invalid", spec -> {});
    cluster.sync("healthy", "invalid-source", "invalid-cred", SERVER, "invalid", spec -> {});

    Condition degraded = cluster.awaitCondition("broken", "Degraded", "True");
    assertThat(degraded.getReason()).isEqualTo("SourceNotFound");
    assertThat(degraded.getMessage())
        .isEqualTo("spec.registries[0].sourceRef: CredentialSource no-such-source does not exist");
    cluster.awaitCondition("healthy", "Ready", "True");
    assertThat(cluster.writtenPassword("invalid-a", "healthy-pull", SERVER)).contains("pw");
  }

  @Test
  void anUnknownSourceTypeIsReportedOnTheSourceWithTheTypesThatExist(RunningAgent agent) {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName("typo-source");
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType("kubernetes-secrets");
    source.setSpec(spec);
    agent.client().resource(source).create();

    TestCluster cluster = new TestCluster(agent.client());
    AtomicReference<Condition> seen = new AtomicReference<>();
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> {
              Optional<Condition> found = cluster.sourceReady("typo-source");
              assertThat(found).as("Ready condition of CredentialSource typo-source").isPresent();
              seen.set(found.get());
            });
    Condition ready = seen.get();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("InvalidConfig");
    assertThat(ready.getMessage())
        .startsWith("spec.type: no plugin serves type 'kubernetes-secrets'")
        .contains("[kubernetes-secret]");
  }

  @Test
  void aMalformedCredentialLeavesTheWrittenSecretsAsTheyAre(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("malformed-a", Map.of("malformed", "true"));
    cluster.centralLogin("malformed-source", "malformed-cred", "robot", "good-password");
    cluster.source("malformed-source");
    cluster.sync(
        "malformed", "malformed-source", "malformed-cred", SERVER, "malformed", spec -> {});
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.writtenPassword("malformed-a", "malformed-pull", SERVER))
                    .as("password in malformed-a")
                    .isPresent());
    Secret before = cluster.secret("malformed-a", "malformed-pull");

    // The central Secret loses its password key.
    cluster
        .client()
        .secrets()
        .inNamespace(RunningAgent.AGENT_NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("malformed-cred")
                .withAnnotations(Map.of(SecretAccess.ANNOTATION, "malformed-source"))
                .endMetadata()
                .withStringData(Map.of("username", "robot"))
                .build())
        .update();

    Condition degraded = cluster.awaitCondition("malformed", "Degraded", "True");
    assertThat(degraded.getReason()).isEqualTo("InvalidReference");
    assertThat(degraded.getMessage()).contains("password").doesNotContain("good-password");
    Secret after = cluster.secret("malformed-a", "malformed-pull");
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(cluster.writtenPassword("malformed-a", "malformed-pull", SERVER))
        .contains("good-password");
  }

  private static RegistrySpec registry() {
    RegistrySpec registry = new RegistrySpec();
    registry.setServer(SERVER);
    registry.setSourceRef("no-such-source");
    return registry;
  }
}
