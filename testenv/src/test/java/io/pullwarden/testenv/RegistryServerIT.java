package io.pullwarden.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RegistryExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryServerIT {

  private final RegistryServer registry;
  private Skopeo.PushedImage pushed;

  RegistryServerIT(RegistryServer registry) {
    this.registry = registry;
  }

  @BeforeAll
  void pushTestImage() {
    pushed =
        Skopeo.copyTestImage(
            registry, "smoke/hello", "v1", registry.username(), registry.password());
  }

  @Test
  void rightPasswordPullsThePushedImage() {
    Skopeo.Result result =
        Skopeo.inspect(pushed.reference(), registry.username(), registry.password());

    assertThat(result.succeeded()).as(result.output()).isTrue();
    assertThat(result.output()).contains("\"Digest\": \"" + pushed.digest() + "\"");
  }

  @Test
  void wrongPasswordIsRefused() {
    Skopeo.Result result =
        Skopeo.inspect(pushed.reference(), registry.username(), "not-the-password");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).containsIgnoringCase("unauthorized");
  }

  @Test
  void dockerConfigJsonAsAuthfileAuthenticates(@TempDir Path dir) throws Exception {
    // exactly the .dockerconfigjson Pullwarden writes into a kubernetes.io/dockerconfigjson Secret
    String auth =
        Base64.getEncoder()
            .encodeToString(
                (registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8));
    Path dockerConfigJson =
        Files.writeString(
            dir.resolve(".dockerconfigjson"),
            "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");

    Skopeo.Result result = Skopeo.inspect(pushed.reference(), dockerConfigJson);

    assertThat(result.succeeded()).as(result.output()).isTrue();
    assertThat(result.output()).contains(pushed.digest());
  }

  @Test
  void emptyAuthfileIsRefused(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.json"), "{\"auths\":{}}");

    Skopeo.Result result = Skopeo.inspect(pushed.reference(), empty);

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).containsIgnoringCase("unauthorized");
  }

  @Test
  void addedUserCanLogInWithoutRestart() {
    String password = RegistryServer.randomPassword();
    registry.addUser("rotated", password);

    Skopeo.Result result = Skopeo.inspect(pushed.reference(), "rotated", password);

    assertThat(result.succeeded()).as(result.output()).isTrue();
  }
}
