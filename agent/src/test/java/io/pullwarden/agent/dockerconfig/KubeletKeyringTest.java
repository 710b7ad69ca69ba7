package io.pullwarden.agent.dockerconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kubelet's matching rules, as its keyring ({@code credentialprovider/keyring.go}) applies them
 * and as the real kubelet was seen to apply them on a real node ({@code
 * shared/recipes/real-node/README.md}, check (e)).
 */
class KubeletKeyringTest {

  @ParameterizedTest(name = "{0} for {1}: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # auths key                   | image                              | matches
          # What the real kubelet did on the real node, check (e):
          127.0.0.1:39501                 | 127.0.0.1:39501/team/app:v1        | true
          http://127.0.0.1:39501          | 127.0.0.1:39501/team/app:v1        | true
          https://127.0.0.1:39501/v2/     | 127.0.0.1:39501/team/app:v1        | true
          127.0.0.1:39501/team            | 127.0.0.1:39501/team/app:v1        | true
          127.0.0.1:39501/team/app        | 127.0.0.1:39501/team/app:v1        | true
          *.0.0.1:39501                   | 127.0.0.1:39501/team/app:v1        | true
          127.0.0.1:39599                 | 127.0.0.1:39501/team/app:v1        | false
          127.0.0.1                       | 127.0.0.1:39501/team/app:v1        | false
          127.0.0.1:39501/other           | 127.0.0.1:39501/team/app:v1        | false
          localhost:39501                 | 127.0.0.1:39501/team/app:v1        | false
          # Schemes, /v1/ and /v2/, trailing slashes:
          https://registry.example.com    | registry.example.com/app           | true
          registry.example.com/v1/        | registry.example.com/app           | true
          registry.example.com/           | registry.example.com/app           | true
          https://registry.example.com/v2/team | registry.example.com/team/app | true
          # A path is a string prefix, not a whole segment (the kubelet's own quirk):
          registry.example.com/team       | registry.example.com/teamwork/app  | true
          registry.example.com/team/      | registry.example.com/teamwork/app  | false
          # Globs apply per label, with as many labels on both sides:
          *.example.com                   | registry.example.com/app           | true
          *.example.com                   | example.com/app                    | false
          *.example.com                   | a.registry.example.com/app         | false
          *.*.example.com                 | a.registry.example.com/app         | true
          # '?' starts a URL query in a key (its host is then "reg"), so it is no glob there:
          reg?stry.example.com            | registry.example.com/app           | false
          registry-[0-9].example.com      | registry-7.example.com/app         | true
          registry-[^0-9].example.com     | registry-7.example.com/app         | false
          registry-[].example.com         | registry-7.example.com/app         | false
          # Ports must be equal; none on both is equal:
          registry.example.com:5000       | registry.example.com:5000/app      | true
          registry.example.com            | registry.example.com:5000/app      | false
          registry.example.com:5000       | registry.example.com/app           | false
          # Tags and digests are not part of the repository:
          registry.example.com/app        | registry.example.com/app@sha256:0123abcd | true
          registry.example.com/app:v1     | registry.example.com/app:v1        | false
          # Docker Hub: unqualified images, docker.io and its key:
          https://index.docker.io/v1/     | busybox                            | true
          https://index.docker.io/v1/     | library/busybox:1.36               | true
          https://index.docker.io/v1/     | docker.io/team/app                 | true
          https://index.docker.io/v1/     | index.docker.io/team/app           | true
          index.docker.io                 | team/app                           | true
          docker.io                       | busybox                            | true
          https://index.docker.io/v1/     | localhost/app                      | false
          https://index.docker.io/v1/     | localhost:5000/app                 | false
          https://index.docker.io/v1/     | registry.example.com/app           | false
          https://index.docker.io/v1/     | ghcr.io/team/app                   | false
          """)
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
    "localhost/app:v1, localhost/app",
    "localhost:5000/app, localhost:5000/app",
    "registry.example.com/a/b/c:v1, registry.example.com/a/b/c",
    "registry.example.com:5000/app@sha256:0123, registry.example.com:5000/app",
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
