package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.Agent;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.agent.plugins.PluginCatalog;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin written outside this repository works: the plugin template ({@code
 * examples/plugin-template}) is built as a separate Maven project against the installed artifacts
 * ({@link TemplateBuild}), its jar is loaded by the agent's {@link PluginCatalog} from a plugins
 * directory, as at start-up, and an agent on a real API server syncs a credential through it (issue
 * 16, item 7; ADR 0021).
 */
@ExtendWith(OwnApiServer.class)
class OutOfTreePluginIT {

  private static PluginCatalog catalog;
  private static KubernetesClient client;
  private static Agent agent;
  private static TestCluster cluster;

  @BeforeAll
  static void start(KubernetesServer server, @TempDir Path work) throws Exception {
    Path jar = new TemplateBuild().buildIn(work);
    Path plugins = Files.createDirectories(work.resolve("plugins"));
    Files.copy(jar, plugins.resolve(jar.getFileName()));
    catalog = PluginCatalog.load(plugins);
    client = server.newClient();
    agent = RunningAgent.startAgent(client, catalog);
    cluster = new TestCluster(client);
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
    if (catalog != null) {
      catalog.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @Test
  void theTemplatePluginLoadsFromItsJar() {
    assertThat(catalog.problems()).isEmpty();
    assertThat(catalog.plugins())
        .singleElement()
        .satisfies(
            plugin -> {
              assertThat(plugin.id()).isEqualTo("example");
              assertThat(plugin.version()).isEqualTo("1.0.0-SNAPSHOT");
              assertThat(plugin.types()).containsExactly("example");
            });
    assertThat(catalog.types()).containsExactly("example");
  }

  @Test
  void aCredentialIsSyncedThroughTheTemplatePlugin() {
    cluster.namespace("oot-app", Map.of("oot", "true"));
    cluster.centralLogin("oot-source", "oot-cred", "robot", "first");
    source("oot-source");
    cluster.sync("oot-sync", "oot-source", "oot-cred", "oot.example.test", "oot", spec -> {});

    awaitPassword("first");
    cluster.awaitCondition("oot-sync", "Ready", "True");

    cluster.centralLogin("oot-source", "oot-cred", "robot", "second");
    awaitPassword("second");
  }

  private static void awaitPassword(String password) {
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.writtenPassword("oot-app", "oot-sync-pull", "oot.example.test"))
                    .contains(password));
  }

  /** A CredentialSource of the template's type over the agent's namespace. */
  private static void source(String name) {
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType("example");
    spec.setConfig(Map.of("namespace", RunningAgent.AGENT_NAMESPACE));
    spec.setTargetNamespaces(TestCluster.everywhere());
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName(name);
    source.setSpec(spec);
    client.resource(source).serverSideApply();
  }
}
