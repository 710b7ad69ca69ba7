package io.pullwarden.plugins.kubernetessecret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.plugin.CredentialSecret.DockerConfigJson;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.testkit.TestSourceContext;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Changes to a used Secret reach the agent through the watch, without waiting for a refresh. */
@ExtendWith(KubernetesExtension.class)
class KubernetesSecretWatchIT {

  private static final String NAMESPACE = "pullwarden-agent";
  private static final Settings REF = Settings.of("spec.registries[0].ref", Map.of("name", "pull"));
  private static TestSourceContext context;

  @BeforeAll
  static void start(KubernetesServer server) {
    context = new TestSourceContext(server, NAMESPACE);
    context
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void updatingAndDeletingAWatchedSecretSignalsAChange() throws Exception {
    writeDockerConfig("{\"auths\":{\"registry.example.com\":{\"auth\":\"first\"}}}");
    KubernetesSecretSourceFactory factory = new KubernetesSecretSourceFactory();
    try (CredentialSession session = factory.open(Settings.of("spec.config", Map.of()), context)) {
      assertThat(session.fetch(REF).secret()).isInstanceOf(DockerConfigJson.class);
      assertThat(context.openWatches()).isEqualTo(1);
      int signals = context.changeSignals();

      writeDockerConfig("{\"auths\":{\"registry.example.com\":{\"auth\":\"second\"}}}");
      await().atMost(Duration.ofSeconds(10)).until(() -> context.changeSignals() > signals);

      int afterUpdate = context.changeSignals();
      context.client().secrets().inNamespace(NAMESPACE).withName("pull").delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> context.changeSignals() > afterUpdate);
    }
    assertThat(context.openWatches()).isZero();
  }

  private static void writeDockerConfig(String json) {
    context
        .client()
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("pull")
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withStringData(Map.of(".dockerconfigjson", json))
                .build())
        .serverSideApply();
  }
}
