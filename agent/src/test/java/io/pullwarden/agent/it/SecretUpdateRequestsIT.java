package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.ConflictPolicy;
import io.pullwarden.agent.dockerconfig.TestLogins;
import io.pullwarden.agent.fanout.ManagedSecret;
import io.pullwarden.agent.fanout.NamespaceOutcome;
import io.pullwarden.agent.fanout.NamespaceOutcome.Result;
import io.pullwarden.agent.fanout.SecretFanOut;
import io.pullwarden.agent.fanout.TemplateMetadata;
import io.pullwarden.testenv.KubernetesServer;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an update of cached Secrets costs and keeps, against a real API server, counting every
 * request the fan-out's client sends: a rotation over K namespaces is K merge patches and no read;
 * the patch keeps others' labels, annotations, finalizers and owner references and removes what the
 * old template set; a Secret changed since it was cached is refused with 409 and left as it is.
 */
@ExtendWith(OwnApiServer.class)
class SecretUpdateRequestsIT {

  private static final String SERVER = "registry.requests.test";
  private static final String NAME = "req-pull";
  private static final TemplateMetadata V1 =
      new TemplateMetadata(Map.of("team", "a", "tier", "apps"), Map.of("example.com/v1", "x"));
  private static final TemplateMetadata V2 = new TemplateMetadata(Map.of("team", "b"), Map.of());

  @Test
  void aRotationOverKNamespacesIsKPatchesAndNoReadAndKeepsOthersMetadata(KubernetesServer server) {
    List<String> namespaces = IntStream.range(0, 5).mapToObj(i -> "req-" + i).toList();
    try (Fixture fixture = Fixture.start(server, namespaces)) {
      fixture.writeAll(plan("first-password", V1), namespaces, ns -> null);
      for (String namespace : namespaces) {
        fixture.editAsOthers(namespace);
      }
      Map<String, Secret> cached = fixture.summaries(namespaces);
      fixture.requests.clear();

      List<NamespaceOutcome> outcomes =
          fixture.fanOut.write(plan("second-password", V2), namespaces, cached::get);

      assertThat(outcomes).extracting(NamespaceOutcome::result).containsOnly(Result.UPDATED);
      assertThat(fixture.requests)
          .as("requests of the rotation")
          .containsExactlyInAnyOrderElementsOf(
              namespaces.stream()
                  .map(ns -> "PATCH /api/v1/namespaces/" + ns + "/secrets/" + NAME)
                  .toList());
      for (String namespace : namespaces) {
        Secret secret = fixture.cluster.secret(namespace, NAME);
        assertThat(fixture.cluster.writtenPassword(namespace, NAME, SERVER))
            .contains("second-password");
        assertThat(secret.getData().keySet()).containsExactly(".dockerconfigjson");
        assertThat(secret.getMetadata().getLabels())
            .containsEntry("team", "b")
            .doesNotContainKey("tier")
            .containsEntry("backup", "daily")
            .containsEntry(ManagedSecret.SYNC_LABEL, "req");
        assertThat(secret.getMetadata().getAnnotations())
            .containsEntry("note", "from ops")
            .doesNotContainKey("example.com/v1")
            .containsEntry(
                TemplateMetadata.KEYS_ANNOTATION, "{\"labels\":[\"team\"],\"annotations\":[]}");
        assertThat(secret.getMetadata().getFinalizers()).containsExactly("example.com/keep");
        assertThat(secret.getMetadata().getOwnerReferences())
            .extracting(ref -> ref.getName())
            .containsExactly("req-owner");
      }
    }
  }

  @Test
  void aSecretChangedSinceItWasCachedIsRefusedWith409AndLeftAsItIs(KubernetesServer server) {
    List<String> namespaces = List.of("stale-0");
    try (Fixture fixture = Fixture.start(server, namespaces)) {
      fixture.writeAll(plan("first-password", V1), namespaces, ns -> null);
      Secret cached = fixture.summaries(namespaces).get("stale-0");
      Secret takenOver =
          fixture
              .admin
              .resource(
                  new SecretBuilder(fixture.cluster.secret("stale-0", NAME))
                      .editMetadata()
                      .addToLabels(ManagedSecret.SYNC_LABEL, "other")
                      .endMetadata()
                      .build())
              .update();
      assertThatThrownBy(
              () ->
                  fixture
                      .admin
                      .secrets()
                      .inNamespace("stale-0")
                      .withName(NAME)
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"metadata\":{\"resourceVersion\":\""
                              + cached.getMetadata().getResourceVersion()
                              + "\",\"labels\":{\"probe\":\"x\"}}}"))
          .as("a merge patch with a resourceVersion that moved on")
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
      fixture.requests.clear();

      List<NamespaceOutcome> outcomes =
          fixture.fanOut.write(plan("second-password", V1), namespaces, ns -> cached);

      assertThat(outcomes.get(0).result()).isEqualTo(Result.FAILED);
      assertThat(outcomes.get(0).reason()).isEqualTo("Conflict");
      assertThat(outcomes.get(0).isRetriable()).isTrue();
      assertThat(fixture.requests)
          .containsExactly("PATCH /api/v1/namespaces/stale-0/secrets/" + NAME);
      Secret after = fixture.cluster.secret("stale-0", NAME);
      assertThat(after.getMetadata().getResourceVersion())
          .isEqualTo(takenOver.getMetadata().getResourceVersion());
      assertThat(fixture.cluster.writtenPassword("stale-0", NAME, SERVER))
          .contains("first-password");
    }
  }

  @Test
  void aSecretWithMoreDataIsReadAndWrittenWholeAndADeletedOneCreated(KubernetesServer server) {
    List<String> namespaces = List.of("whole-0", "gone-0");
    try (Fixture fixture = Fixture.start(server, namespaces)) {
      fixture.writeAll(plan("first-password", V1), namespaces, ns -> null);
      fixture
          .admin
          .resource(
              new SecretBuilder(fixture.cluster.secret("whole-0", NAME))
                  .addToData("extra", "eA==")
                  .build())
          .update();
      Map<String, Secret> cached = fixture.summaries(namespaces);
      fixture.admin.secrets().inNamespace("gone-0").withName(NAME).delete();
      fixture.requests.clear();

      List<NamespaceOutcome> outcomes =
          fixture.fanOut.write(plan("second-password", V1), namespaces, cached::get);

      assertThat(outcomes)
          .extracting(NamespaceOutcome::result)
          .containsExactly(Result.UPDATED, Result.CREATED);
      assertThat(fixture.requests)
          .containsExactlyInAnyOrder(
              "GET /api/v1/namespaces/whole-0/secrets/" + NAME,
              "PUT /api/v1/namespaces/whole-0/secrets/" + NAME,
              "PATCH /api/v1/namespaces/gone-0/secrets/" + NAME,
              "POST /api/v1/namespaces/gone-0/secrets");
      assertThat(fixture.cluster.secret("whole-0", NAME).getData().keySet())
          .containsExactly(".dockerconfigjson");
      assertThat(fixture.cluster.writtenPassword("gone-0", NAME, SERVER))
          .contains("second-password");
    }
  }

  private static SecretFanOut.Plan plan(String password, TemplateMetadata template) {
    return new SecretFanOut.Plan(
        "req", NAME, ConflictPolicy.Skip, TestLogins.robot(SERVER, password), template);
  }

  /** An admin client, and a fan-out on a client whose every request is recorded. */
  private record Fixture(
      KubernetesClient admin,
      TestCluster cluster,
      KubernetesClient counted,
      SecretFanOut fanOut,
      Queue<String> requests)
      implements AutoCloseable {

    static Fixture start(KubernetesServer server, List<String> namespaces) {
      KubernetesClient admin = server.newClient();
      TestCluster cluster = new TestCluster(admin);
      namespaces.forEach(ns -> cluster.namespace(ns, Map.of()));
      Queue<String> requests = new ConcurrentLinkedQueue<>();
      Interceptor recorder =
          new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
              requests.add(request.method() + " " + request.uri().getPath());
            }
          };
      KubernetesClient counted =
          new KubernetesClientBuilder()
              .withConfig(server.config())
              .withHttpClientBuilderConsumer(
                  http -> http.addOrReplaceInterceptor("recorder", recorder))
              .build();
      return new Fixture(admin, cluster, counted, new SecretFanOut(counted, 4), requests);
    }

    void writeAll(SecretFanOut.Plan plan, List<String> namespaces, Function<String, Secret> in) {
      assertThat(fanOut.write(plan, namespaces, in))
          .extracting(NamespaceOutcome::result)
          .containsOnly(Result.CREATED);
    }

    /** What the agent's watch cache would hold for each namespace's Secret now. */
    Map<String, Secret> summaries(List<String> namespaces) {
      return namespaces.stream()
          .collect(
              Collectors.toMap(ns -> ns, ns -> ManagedSecret.summary(cluster.secret(ns, NAME))));
    }

    /** A label, an annotation, a finalizer and an owner reference that other tools add. */
    void editAsOthers(String namespace) {
      ConfigMap owner =
          admin
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withName("req-owner")
                      .withNamespace(namespace)
                      .endMetadata()
                      .build())
              .create();
      admin
          .resource(
              new SecretBuilder(cluster.secret(namespace, NAME))
                  .editMetadata()
                  .addToLabels("backup", "daily")
                  .addToAnnotations("note", "from ops")
                  .addToFinalizers("example.com/keep")
                  .addToOwnerReferences(
                      new OwnerReferenceBuilder()
                          .withApiVersion("v1")
                          .withKind("ConfigMap")
                          .withName("req-owner")
                          .withUid(owner.getMetadata().getUid())
                          .build())
                  .endMetadata()
                  .build())
          .update();
    }

    @Override
    public void close() {
      fanOut.close();
      counted.close();
      admin.close();
    }
  }
}
