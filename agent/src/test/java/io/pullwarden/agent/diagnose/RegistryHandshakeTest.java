package io.pullwarden.agent.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.agent.registry.RegistryCheck;
import io.pullwarden.agent.registry.RegistryCheck.Outcome;
import io.pullwarden.agent.registry.RegistryCheck.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What diagnose's registry login sends and how it reads the answer: the credential under the key
 * the kubelet picked, the repository's path as the pull scope, and each outcome in diagnose's terms
 * — never the credential.
 */
class RegistryHandshakeTest {

  private static final String PASSWORD = "Handshake-Canary-0005";

  private final List<Target> asked = new ArrayList<>();

  @Test
  void theKeysCredentialIsSentForTheRepositoryAndARefusalIsRejected() {
    RegistryHandshake handshake = handshake(new RegistryCheck.Rejected(401, "the token service"));

    LoginOutcome outcome =
        handshake.check("registry.example.com/team/app", "registry.example.com", loginForExample());

    assertThat(outcome.state()).isEqualTo(LoginOutcome.State.REJECTED);
    assertThat(outcome.detail()).contains("HTTP 401").doesNotContain(PASSWORD);
    assertThat(asked)
        .singleElement()
        .satisfies(
            target -> {
              assertThat(target.server()).isEqualTo("registry.example.com");
              assertThat(target.repository()).contains("team/app");
              assertThat(target.login().toString()).doesNotContain(PASSWORD);
            });
  }

  @Test
  void usernameAndPasswordFieldsServeToo() {
    LoginOutcome outcome =
        handshake(new RegistryCheck.Accepted("token issued"))
            .check(
                "docker.io/library/busybox",
                "https://index.docker.io/v1/",
                secret(
                    "{\"auths\":{\"https://index.docker.io/v1/\":{\"username\":\"robot\","
                        + "\"password\":\""
                        + PASSWORD
                        + "\"}}}"));

    assertThat(outcome.state()).isEqualTo(LoginOutcome.State.ACCEPTED);
    assertThat(asked)
        .singleElement()
        .extracting(Target::repository)
        .asString()
        .contains("library/busybox");
  }

  @Test
  void aRegistryThatCannotBeAskedIsUnreachableNotRefused() {
    LoginOutcome outcome =
        handshake(new RegistryCheck.Unverified("TLS with https://registry.example.com failed"))
            .check("registry.example.com/app", "registry.example.com", loginForExample());

    assertThat(outcome.state()).isEqualTo(LoginOutcome.State.UNREACHABLE);
    assertThat(outcome.detail()).contains("not refused");
  }

  @Test
  void aTokenServiceOnAnotherHostIsNamedAsNotAskedRatherThanUnreachable() {
    // As TokenRealm words its refusal of a realm on another host.
    LoginOutcome outcome =
        handshake(
                new RegistryCheck.Unverified(
                    "the registry's Bearer realm https://auth.example.com is on another host than"
                        + " the registry; the credential goes there only if the CredentialSource"
                        + " lists auth.example.com in spec.verifyRegistries"))
            .check("registry.example.com/app", "registry.example.com", loginForExample());

    assertThat(outcome.state()).isEqualTo(LoginOutcome.State.UNREACHABLE);
    assertThat(outcome.detail())
        .contains("diagnose sends the credential to the registry's own host only")
        .doesNotContain("unreachable from here");
  }

  @Test
  void anEntryWithoutAPasswordIsNotCheckedAndNothingIsSent() {
    LoginOutcome outcome =
        handshake(new RegistryCheck.Accepted("unused"))
            .check(
                "registry.example.com/app",
                "registry.example.com",
                secret("{\"auths\":{\"registry.example.com\":{\"identitytoken\":\"t\"}}}"));

    assertThat(outcome.state()).isEqualTo(LoginOutcome.State.NOT_CHECKED);
    assertThat(asked).isEmpty();
  }

  private RegistryHandshake handshake(Outcome answer) {
    return new RegistryHandshake(
        target -> {
          asked.add(target);
          return answer;
        });
  }

  /** A Secret whose one key, registry.example.com, holds the canary login. */
  private static Secret loginForExample() {
    return secret("{\"auths\":{\"registry.example.com\":{\"auth\":\"" + auth() + "\"}}}");
  }

  private static String auth() {
    return Base64.getEncoder()
        .encodeToString(("robot:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  private static Secret secret(String dockerConfigJson) {
    return new SecretBuilder()
        .withType("kubernetes.io/dockerconfigjson")
        .withData(
            Map.of(
                ".dockerconfigjson",
                Base64.getEncoder()
                    .encodeToString(dockerConfigJson.getBytes(StandardCharsets.UTF_8))))
        .build();
  }
}
