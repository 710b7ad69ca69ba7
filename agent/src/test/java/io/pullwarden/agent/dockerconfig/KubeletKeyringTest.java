package io.pullwarden.agent.dockerconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kubelet's matching rules, as its keyring ({@code credentialprovider/keyring.go}) applies them
 * and as the real kubelet was seen to apply them on a real node ({@code
 * shared/recipes/real-node/README.md}, check (e)).
 */
class KubeletKeyringTest {

  @ParameterizedTest(name = "{0} for {1}: {2}")
  @CsvFileSource(resources = "/dockerconfig/kubelet-keyring-cases.csv", delimiter = '|')
  void matchesAsTheKubeletDoes(String key, String image, boolean matches) {
    assertThat(KubeletKeyring.lookup(List.of(key), image))
        .as("%s for %s", key, image)
        .isEqualTo(matches ? List.of(key) : List.of());
  }

  @Test
  void moreSpecificPathsAreTriedFirst() {
    assertThat(
            KubeletKeyring.lookup(
                List.of("quay.io", "quay.io/coreos", "https://quay.io/coreos/etcd", "gcr.io"),
                "quay.io/coreos/etcd:v3"))
        .containsExactly("https://quay.io/coreos/etcd", "quay.io/coreos", "quay.io");
  }

  @Test
  void dockerHubsKeyIsOnlyTheFallback() {
    assertThat(
            KubeletKeyring.lookup(
                List.of("https://index.docker.io/v1/", "docker.io/team"), "team/app"))
        .as("a matching key hides the Docker Hub fallback")
        .containsExactly("docker.io/team");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "busybox, docker.io/library/busybox",
    "busybox:1.36, docker.io/library/busybox",
    "team/app, docker.io/team/app",
    "docker.io/busybox, docker.io/library/busybox",
    "index.docker.io/team/app, docker.io/team/app",
    "localhost/app:v1, localhost/app",
    "localhost:5000/app, localhost:5000/app",
    "registry.example.com/a/b/c:v1, registry.example.com/a/b/c",
    "registry.example.com:5000/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, registry.example.com:5000/app",
  })
  void anImageIsLookedUpByItsNormalisedRepository(String image, String repository) {
    assertThat(KubeletKeyring.repository(image)).isEqualTo(repository);
  }

  @Test
  void keysTheKubeletCannotParseAreSkipped() {
    assertThat(
            KubeletKeyring.lookup(
                Arrays.asList("registry example.com", "registry.example.com"),
                "registry.example.com/app"))
        .containsExactly("registry.example.com");
  }
}
