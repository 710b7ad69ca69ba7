package com.example.pullwarden;

import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.testkit.CredentialSourceConformance;
import io.pullwarden.plugin.testkit.InMemorySourceContext;
import java.util.List;
import java.util.Map;

/**
 * Runs Pullwarden's conformance suite (the behaviour the agent relies on from every plugin) on the
 * example plugin. Its store is Kubernetes Secrets, so the test kit's in-memory Secrets are the
 * store; a plugin for another store creates and updates credentials in a test instance of that
 * store in the hooks below (a container, an emulator), and names the test {@code *IT} if it is slow.
 */
class ExampleConformanceTest extends CredentialSourceConformance {

  private static final String NAMESPACE = "central-credentials";
  private final InMemorySourceContext context = new InMemorySourceContext("pullwarden");

  @Override
  protected CredentialSourceFactory factory() {
    return new ExampleSourceFactory();
  }

  @Override
  protected Settings validConfig() {
    return Settings.of("spec.config", Map.of("namespace", NAMESPACE));
  }

  @Override
  protected InMemorySourceContext context() {
    return context;
  }

  @Override
  protected Settings createCredential(String name, String username, String password) {
    context.secrets().put(NAMESPACE, name, Map.of("username", username, "password", password));
    return ref(name);
  }

  @Override
  protected void updateCredential(Settings ref, String username, String password)
      throws Exception {
    createCredential(ref.requiredString("name"), username, password);
  }

  @Override
  protected Settings missingRef(String name) {
    return ref(name);
  }

  @Override
  protected List<BadConfig> invalidConfigs() {
    return List.of(
        new BadConfig(Settings.of("spec.config", Map.of()), "spec.config.namespace"),
        new BadConfig(Settings.of("spec.config", Map.of("namespace", 7)), "spec.config.namespace"),
        new BadConfig(
            Settings.of("spec.config", Map.of("namespace", NAMESPACE, "nmespace", "typo")),
            "spec.config.nmespace"));
  }

  private static Settings ref(String name) {
    return Settings.of("spec.registries[0].ref", Map.of("name", name));
  }
}
