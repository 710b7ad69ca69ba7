package io.pullwarden.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistryEndpointTest {

  @Test
  void onDockerHubAOnePartRepositoryIsAnOfficialImages() {
    RegistryEndpoint hub = RegistryEndpoint.of("https://index.docker.io/v1/");

    assertThat(hub.base()).hasToString("https://registry-1.docker.io");
    assertThat(hub.repository("nginx")).isEqualTo("library/nginx");
    assertThat(hub.repository("team/app")).isEqualTo("team/app");
  }

  @Test
  void elsewhereTheRepositoryIsKeptAsGiven() {
    assertThat(RegistryEndpoint.of("registry.example.com").repository("nginx")).isEqualTo("nginx");
  }
}
