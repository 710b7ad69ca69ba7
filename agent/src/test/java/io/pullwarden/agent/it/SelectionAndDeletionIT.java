package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.DeletionPolicy;
import io.pullwarden.agent.customresource.SecretTemplate;
import io.pullwarden.agent.customresource.SecretTemplateMetadata;
import io.pullwarden.agent.fanout.ManagedSecret;
import io.pullwarden.agent.fanout.TemplateMetadata;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AgentExtension.class)
class SelectionAndDeletionIT {

  private static final String SERVER = "registry.leave.test";

  @Test
  void underDeleteANamespaceThatLeavesLosesTheSecretAndDeletingTheSyncRemovesTheRest(
      RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("leave-a", Map.of("leave", "true"));
    cluster.namespace("leave-b", Map.of("leave", "true"));
    cluster.centralLogin("leave-source", "leave-cred", "robot", "pw");
    cluster.source("leave-source");
    cluster.sync(
        "leave",
        "leave-source",
        "leave-cred",
        SERVER,
        "leave",
        spec -> spec.setRefreshInterval("1h"));
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(cluster.secretLabels("leave-a", "leave-pull"))
                  .as("Secret leave-a/leave-pull")
                  .isPresent();
              assertThat(cluster.secretLabels("leave-b", "leave-pull"))
                  .as("Secret leave-b/leave-pull")
                  .isPresent();
            });

    cluster.namespace("leave-a", Map.of("leave", "false"));

    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.secretLabels("leave-a", "leave-pull"))
                    .as("Secret leave-a/leave-pull once leave-a no longer matches")
                    .isEmpty());
    assertThat(cluster.secret("leave-b", "leave-pull")).isNotNull();

    cluster.client().resources(PullSecretSync.class).withName("leave").delete();
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.secretLabels("leave-b", "leave-pull"))
                    .as("Secret leave-b/leave-pull once its sync is deleted")
                    .isEmpty());
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> assertThat(cluster.getSync("leave")).as("sync leave after deletion").isNull());
  }

  @Test
  void underRetainSecretsStayAndAreNoLongerManaged(RunningAgent agent) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("retain-a", Map.of("retain", "true"));
    cluster.namespace("retain-b", Map.of("retain", "true"));
    cluster.centralLogin("retain-source", "retain-cred", "robot", "kept-password");
    cluster.source("retain-source");
    cluster.sync(
        "retain",
        "retain-source",
        "retain-cred",
        SERVER,
        "retain",
        spec -> {
          spec.setDeletionPolicy(DeletionPolicy.Retain);
          SecretTemplate template = new SecretTemplate();
          template.setMetadata(new SecretTemplateMetadata());
          template.getMetadata().setLabels(Map.of("team", "payments"));
          spec.setSecretTemplate(template);
        });
    cluster.awaitCondition("retain", "Ready", "True");
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.secretLabels("retain-b", "retain-pull"))
                    .as("Secret retain-b/retain-pull")
                    .isPresent());

    cluster.namespace("retain-a", Map.of("retain", "false"));
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.secret("retain-a", "retain-pull").getMetadata().getLabels())
                    .as("labels of Secret retain-a/retain-pull once retain-a no longer matches")
                    .doesNotContainKey(ManagedSecret.SYNC_LABEL));

    cluster.client().resources(PullSecretSync.class).withName("retain").delete();
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> assertThat(cluster.getSync("retain")).as("sync retain after deletion").isNull());

    for (String namespace : new String[] {"retain-a", "retain-b"}) {
      assertThat(cluster.writtenPassword(namespace, "retain-pull", SERVER))
          .contains("kept-password");
      assertThat(cluster.secret(namespace, "retain-pull").getMetadata().getLabels())
          .doesNotContainKey(ManagedSecret.MANAGED_BY_LABEL);
      assertThat(cluster.secret(namespace, "retain-pull").getMetadata().getAnnotations())
          .as("annotations of released Secret %s/retain-pull", namespace)
          .doesNotContainKeys(ManagedSecret.HASH_ANNOTATION, TemplateMetadata.KEYS_ANNOTATION);
    }
  }
}
