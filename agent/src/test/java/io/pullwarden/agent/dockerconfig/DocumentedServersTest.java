package io.pullwarden.agent.dockerconfig;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every {@code server} docs/registries.md documents is one the agent accepts and writes as the
 * {@code auths} key exactly as written, since the page promises the kubelet will match that key;
 * and what the page says is refused is.
 */
class DocumentedServersTest {

  @Test
  void everyDocumentedServerIsAcceptedAndKeptAsTheAuthsKey() throws Exception {
    assertThat(DocumentedServers.all())
        .contains(
            "europe-docker.pkg.dev",
            "gcr.io",
            "eu.gcr.io",
            "myregistry.azurecr.io",
            "ghcr.io",
            "quay.io",
            "europe-docker.pkg.dev/my-project",
            "*.pkg.dev",
            "*.gcr.io")
        .allSatisfy(
            server -> {
              assertThat(RegistryServer.problem(server)).as(server).isEmpty();
              assertThat(RegistryServer.normalize(server)).isEqualTo(server);
            });
  }

  @Test
  void theExampleThePageGivesOfARefusedServerIsRefused() {
    assertThat(RegistryServer.problem("*-docker.pkg.dev"))
        .hasValueSatisfying(reason -> assertThat(reason).contains("'*' inside a host label"));
  }

  @Test
  void eachExampleFileIsLinkedWithTheServersItWrites() throws Exception {
    assertThat(DocumentedServers.byExample())
        .containsOnlyKeys(
            "examples/registries/google-artifact-registry.yaml",
            "examples/registries/azure-container-registry.yaml",
            "examples/registries/github-container-registry.yaml",
            "examples/registries/quay.yaml")
        .allSatisfy((example, servers) -> assertThat(servers).as(example).isNotEmpty());
  }
}
