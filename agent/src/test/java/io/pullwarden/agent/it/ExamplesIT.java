package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.pullwarden.agent.dockerconfig.DocumentedServers;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifests in {@code examples/} applied or rendered as a user would, with the launched
 * distribution, so the examples cannot rot: each must end with its Secret written and attached, or
 * rendered under the servers its documentation promises.
 */
@ExtendWith(OwnApiServer.class)
class ExamplesIT {

  private static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void theKubernetesSecretExampleWorksAsWritten(KubernetesServer server, @TempDir Path work)
      throws Exception {
    try (KubernetesClient client = server.newClient()) {
      prepare(client);
      Process agent =
          Distribution.unpack(work)
              .run(
                  server,
                  FreePort.next(),
                  work.resolve("agent.log"),
                  Map.of(),
                  "--no-leader-election");
      try {
        for (String file :
            new String[] {"central-secret.yaml", "credentialsource.yaml", "pullsecretsync.yaml"}) {
          apply(client, EXAMPLES.resolve("kubernetes-secret").resolve(file));
        }
        TestCluster cluster = new TestCluster(client);

        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(
                            cluster.writtenPassword(
                                "my-app", "example-registry", "registry.example.com"))
                        .as("password in my-app")
                        .isPresent());
        assertThat(cluster.writtenPassword("my-app", "example-registry", "registry.example.com"))
            .contains("change-me");
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(
                            client
                                .serviceAccounts()
                                .inNamespace("my-app")
                                .withName("default")
                                .get()
                                .getImagePullSecrets())
                        .as("imagePullSecrets of ServiceAccount my-app/default")
                        .contains(new LocalObjectReference("example-registry")));
        cluster.awaitCondition("example-registry", "Ready", "True");
      } finally {
        agent.destroy();
        agent.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Each example of docs/registries.md, rendered by the distribution's {@code pullwarden render} as
   * a user would try it: the Secret's {@code auths} keys are exactly the servers the page's row
   * documents for it, each with the example's login.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "google-artifact-registry.yaml",
        "azure-container-registry.yaml",
        "github-container-registry.yaml",
        "quay.yaml"
      })
  void aRegistryExampleRendersUnderTheDocumentedServers(String file, @TempDir Path work)
      throws Exception {
    Path example = EXAMPLES.resolve("registries").resolve(file).toAbsolutePath();
    Set<String> documented = DocumentedServers.byExample().get("examples/registries/" + file);
    assertThat(documented).as("docs/registries.md's servers for " + file).isNotEmpty();
    Map<?, ?> login =
        manifest(example, "Secret").get("stringData") instanceof Map<?, ?> m ? m : Map.of();

    ProcessBuilder render =
        new ProcessBuilder(
                Distribution.unpack(work).home().resolve("bin/pullwarden").toString(),
                "render",
                "-f",
                example.toString())
            .redirectOutput(work.resolve("out").toFile())
            .redirectError(work.resolve("err").toFile());
    render.environment().put("JAVA_HOME", System.getProperty("java.home"));
    render.environment().put("KUBECONFIG", "/nonexistent");
    render.environment().remove("PULLWARDEN_PLUGINS_DIR");
    Process process = render.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("render finished").isTrue();
    assertThat(process.exitValue()).as(Files.readString(work.resolve("err"))).isZero();

    Secret secret = Serialization.unmarshal(Files.readString(work.resolve("out")), Secret.class);
    JsonNode auths =
        new ObjectMapper()
            .readTree(Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")))
            .path("auths");
    assertThat(auths.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(documented);
    for (String server : documented) {
      String auth =
          new String(Base64.getDecoder().decode(auths.path(server).path("auth").asText()));
      assertThat(auth.substring(0, Math.max(0, auth.indexOf(':'))))
          .as("username under " + server)
          .isEqualTo(login.get("username"));
      assertThat(auth.substring(auth.indexOf(':') + 1).equals(login.get("password")))
          .as("the password under " + server + " is the example's")
          .isTrue();
    }
  }

  /** The first document of {@code kind} in a multi-document YAML file. */
  private static Map<?, ?> manifest(Path file, String kind) throws Exception {
    try (MappingIterator<Map<?, ?>> documents =
        new ObjectMapper(new YAMLFactory()).readerFor(Map.class).readValues(file.toFile())) {
      while (documents.hasNext()) {
        Map<?, ?> document = documents.next();
        if (kind.equals(document.get("kind"))) {
          return document;
        }
      }
    }
    throw new AssertionError("no " + kind + " in " + file);
  }

  /** What the example's README assumes: CRDs, the agent's namespace, a labelled app namespace. */
  private static void prepare(KubernetesClient client) {
    RunningAgent.prepare(client);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("my-app")
                .withLabels(Map.of("pullwarden.io/inject", "true"))
                .endMetadata()
                .build())
        .serverSideApply();
    // No controller manager runs here to create the default ServiceAccount; a cluster would.
    client
        .serviceAccounts()
        .inNamespace("my-app")
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build())
        .serverSideApply();
  }

  private static void apply(KubernetesClient client, Path manifest) throws Exception {
    try (InputStream in = Files.newInputStream(manifest)) {
      client.load(in).serverSideApply();
    }
  }
}
