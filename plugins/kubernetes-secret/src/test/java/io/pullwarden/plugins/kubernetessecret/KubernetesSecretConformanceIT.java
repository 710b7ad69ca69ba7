package io.pullwarden.plugins.kubernetessecret;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.testkit.CredentialSourceConformance;
import io.pullwarden.plugin.testkit.TestSourceContext;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubernetesExtension.class)
class KubernetesSecretConformanceIT extends CredentialSourceConformance {

  private static final String NAMESPACE = "central-credentials";
  private static TestSourceContext context;

  @BeforeAll
  static void start(KubernetesServer server) {
    context = new TestSourceContext(server, "pullwarden-system");
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

  @Override
  protected CredentialSourceFactory factory() {
    return new KubernetesSecretSourceFactory();
  }

  @Override
  protected Settings validConfig() {
    return Settings.of("spec.config", Map.of("namespace", NAMESPACE));
  }

  @Override
  protected TestSourceContext context() {
    return context;
  }

  @Override
  protected Settings createCredential(String name, String username, String password) {
    write(name, username, password);
    return Settings.of("spec.registries[0].ref", Map.of("name", name));
  }

  @Override
  protected void updateCredential(Settings ref, String username, String password) throws Exception {
    write(ref.requiredString("name"), username, password);
  }

  @Override
  protected Settings missingRef(String name) {
    return Settings.of("spec.registries[0].ref", Map.of("name", name));
  }

  @Override
  protected List<BadConfig> invalidConfigs() {
    return List.of(
        new BadConfig(Settings.of("spec.config", Map.of("namespace", 7)), "spec.config.namespace"),
        new BadConfig(
            Settings.of("spec.config", Map.of("namespace", "Not_A_Namespace")),
            "spec.config.namespace"),
        new BadConfig(
            Settings.of("spec.config", Map.of("namespaces", NAMESPACE)), "spec.config.namespaces"));
  }

  private static void write(String name, String username, String password) {
    context
        .client()
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(Map.of("username", username, "password", password))
                .build())
        .serverSideApply();
  }
}
