package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pullwarden.agent.customresource.SecretTemplate;
import io.pullwarden.agent.customresource.SecretTemplateMetadata;
import io.pullwarden.testenv.KubernetesServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * spec.secretTemplate.metadata and name patterns, with the agent on the chart's ServiceAccount,
 * RBAC and admission policies (so the policies are shown to accept every write a template makes),
 * and a tenant who tries to use a template to claim what is not theirs.
 */
@ExtendWith(OwnApiServer.class)
class SecretTemplateIT {

  private static final String SERVER = "registry.template.test";

  @Test
  void templateLabelsAppearChangeAndDisappearWhileOthersLabelsStay(KubernetesServer server) {
    try (ChartAgentSetup setup = ChartAgentSetup.start(server, "tmpl")) {
      TestCluster cluster = setup.cluster();
      cluster.sync(
          "tmpl",
          "tmpl-source",
          "tmpl-cred",
          SERVER,
          "tmpl",
          spec ->
              spec.setSecretTemplate(
                  template(
                      Map.of("team", "a", "tier", "apps"),
                      Map.of("argocd.argoproj.io/compare-options", "IgnoreExtraneous"))));
      awaitMetadata(cluster, "team", "a", "tier", "apps");
      assertThat(cluster.secret("tmpl-ok", "tmpl-pull").getMetadata().getAnnotations())
          .containsEntry("argocd.argoproj.io/compare-options", "IgnoreExtraneous");

      Secret written = cluster.secret("tmpl-ok", "tmpl-pull");
      setup
          .admin()
          .resource(
              new SecretBuilder(written)
                  .editMetadata()
                  .addToLabels("backup", "daily")
                  .addToLabels("team", "edited-by-hand")
                  .addToAnnotations("note", "added by ops")
                  .endMetadata()
                  .build())
          .update();
      awaitMetadata(cluster, "team", "a", "backup", "daily");

      cluster.sync(
          "tmpl",
          "tmpl-source",
          "tmpl-cred",
          SERVER,
          "tmpl",
          spec -> spec.setSecretTemplate(template(Map.of("team", "b"), Map.of())));
      awaitMetadata(cluster, "team", "b", "tier", null, "backup", "daily");
      Map<String, String> annotations =
          cluster.secret("tmpl-ok", "tmpl-pull").getMetadata().getAnnotations();
      assertThat(annotations)
          .containsEntry("note", "added by ops")
          .doesNotContainKey("argocd.argoproj.io/compare-options");

      cluster.sync("tmpl", "tmpl-source", "tmpl-cred", SERVER, "tmpl", spec -> {});
      awaitMetadata(cluster, "team", null, "backup", "daily");
      assertThat(cluster.secret("tmpl-ok", "tmpl-pull").getMetadata().getAnnotations())
          .containsEntry("note", "added by ops")
          .doesNotContainKey("pullwarden.io/template-keys");
      assertThat(cluster.writtenPassword("tmpl-ok", "tmpl-pull", SERVER)).contains("good-password");
      assertThat(cluster.awaitCondition("tmpl", "Ready", "True")).isNotNull();
      assertThat(cluster.getSync("tmpl").getStatus().getProblems()).isNullOrEmpty();
      setup.assertNoAgentWriteRefused();
    }
  }

  @Test
  void aNamespaceCreatedLaterThatMatchesAPatternGetsTheSecret(KubernetesServer server) {
    try (ChartAgentSetup setup = ChartAgentSetup.start(server, "glob")) {
      TestCluster cluster = setup.cluster();
      // The source allows the team namespaces by label (a source's names are exact names).
      Map<String, String> team = Map.of("glob-team", "true");
      cluster.centralLogin("glob-teams", "glob-teams-cred", "robot", "team-password");
      cluster.source("glob-teams", TestCluster.allowedTo("glob-team"));
      cluster.namespace("glob-team-a", team);
      cluster.namespace("glob-other", Map.of());
      cluster.sync(
          "glob",
          "glob-teams",
          "glob-teams-cred",
          SERVER,
          "unused",
          spec -> {
            spec.getNamespaces().setSelector(null);
            spec.getNamespaces().setNames(List.of("glob-team-*", "glob-other"));
            spec.getNamespaces().setExclude(List.of("*-sandbox"));
            // Only the namespace watch can bring the new namespace within the test's patience.
            spec.setRefreshInterval("1h");
          });
      await()
          .atMost(TestCluster.PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(cluster.writtenPassword("glob-team-a", "glob-pull", SERVER))
                      .as("password in glob-team-a")
                      .contains("team-password"));

      cluster.namespace("glob-team-new", team);
      cluster.namespace("glob-team-x-sandbox", team);
      await()
          .atMost(TestCluster.PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(cluster.writtenPassword("glob-team-new", "glob-pull", SERVER))
                      .as("password in glob-team-new, created after the sync")
                      .contains("team-password"));
      assertThat(cluster.secret("glob-team-x-sandbox", "glob-pull")).as("excluded").isNull();
      assertThat(cluster.secret("glob-other", "glob-pull"))
          .as("selected by the sync, but not allowed by the source's selector")
          .isNull();
      await()
          .atMost(TestCluster.PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(cluster.getSync("glob").getStatus().getProblems())
                      .as("problems of sync glob")
                      .anySatisfy(
                          problem -> {
                            assertThat(problem.getNamespace()).isEqualTo("glob-other");
                            assertThat(problem.getReason()).isEqualTo("NamespaceNotAllowed");
                          }));
    }
  }

  @Test
  void aTenantsTemplateCannotSetPullwardensKeysNorTakeOverASecret(KubernetesServer server) {
    try (ChartAgentSetup setup = ChartAgentSetup.start(server, "claim")) {
      TestCluster cluster = setup.cluster();
      cluster.sync("claim-victim", "claim-source", "claim-cred", SERVER, "claim", spec -> {});
      cluster.awaitCondition("claim-victim", "Ready", "True");
      Secret victim = cluster.secret("claim-ok", "claim-victim-pull");
      Tenant mallory =
          Tenant.withNamespace(server, setup.admin(), "mallory", "claim-mallory")
              .mayWrite(setup.admin(), "pullsecretsyncs");

      try (KubernetesClient asMallory = mallory.client()) {
        TestCluster tenant = new TestCluster(asMallory);
        for (String key :
            List.of("pullwarden.io/sync", "app.kubernetes.io/managed-by", "x.pullwarden.io/y")) {
          assertThatThrownBy(
                  () ->
                      tenant.sync(
                          "claim-keys",
                          "claim-source",
                          "claim-cred",
                          SERVER,
                          "claim",
                          spec ->
                              spec.setSecretTemplate(
                                  template(Map.of(key, "claim-victim"), Map.of(key, "x")))))
              .as("a template setting %s", key)
              .isInstanceOfSatisfying(
                  KubernetesClientException.class,
                  refused -> assertThat(refused.getCode()).isEqualTo(422))
              .hasMessageContaining("secretTemplate.metadata.labels")
              .hasMessageContaining("Pullwarden's own");
        }
        tenant.sync(
            "claim-take",
            "claim-source",
            "claim-cred",
            SERVER,
            "claim",
            spec -> {
              spec.setSecretName("claim-victim-pull");
              spec.setSecretTemplate(template(Map.of("owner", "mallory"), Map.of()));
            });
      }
      cluster.awaitCondition("claim-take", "Degraded", "True");
      assertThat(cluster.getSync("claim-take").getStatus().getProblems())
          .anySatisfy(p -> assertThat(p.getReason()).isEqualTo("ManagedByOtherSync"));
      assertThat(cluster.secret("claim-ok", "claim-victim-pull").getMetadata())
          .as("the victim's Secret, untouched")
          .satisfies(
              metadata -> {
                assertThat(metadata.getResourceVersion())
                    .isEqualTo(victim.getMetadata().getResourceVersion());
                assertThat(metadata.getLabels())
                    .doesNotContainKey("owner")
                    .containsEntry("pullwarden.io/sync", "claim-victim");
              });
      setup.assertNoAgentWriteRefused();
    }
  }

  private static SecretTemplate template(
      Map<String, String> labels, Map<String, String> annotations) {
    SecretTemplateMetadata metadata = new SecretTemplateMetadata();
    // fabric8 sends an empty map as null, which the schema (type: object) refuses.
    metadata.setLabels(labels.isEmpty() ? null : labels);
    metadata.setAnnotations(annotations.isEmpty() ? null : annotations);
    SecretTemplate template = new SecretTemplate();
    template.setMetadata(metadata);
    return template;
  }

  /** Waits until Secret tmpl-ok/tmpl-pull has each label given as key, value (null: absent). */
  private static void awaitMetadata(TestCluster cluster, String... keysAndValues) {
    String namespace = "tmpl-ok";
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> {
              Map<String, String> labels =
                  cluster.secretLabels(namespace, "tmpl-pull").orElse(Map.of());
              for (int i = 0; i < keysAndValues.length; i += 2) {
                assertThat(labels.get(keysAndValues[i]))
                    .as(
                        "label %s of Secret %s/tmpl-pull (labels: %s)",
                        keysAndValues[i], namespace, labels)
                    .isEqualTo(keysAndValues[i + 1]);
              }
            });
  }
}
