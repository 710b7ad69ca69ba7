package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceConfigTest {

  private static final Map<String, Object> KUBERNETES =
      Map.of("kubernetes", Map.of("role", "pullwarden"));

  @Test
  void kubernetesLoginHasDefaultsForMountAndTokenPath() throws Exception {
    SourceConfig config =
        SourceConfig.parse(
            config(Map.of("address", "https://vault.example.com:8200/", "auth", KUBERNETES)));

    assertThat(config.address()).hasToString("https://vault.example.com:8200");
    assertThat(config.namespace()).isEmpty();
    assertThat(config.tls()).isEqualTo(TlsConfig.DEFAULT);
    assertThat(config.login())
        .isEqualTo(new KubernetesLogin("kubernetes", "pullwarden", Path.of("token")));
  }

  @Test
  void readsEveryAuthMethodAndTheTlsAndNamespaceSettings() throws Exception {
    SourceConfig appRole =
        SourceConfig.parse(
            config(
                Map.of(
                    "address",
                    "https://vault:8200",
                    "namespace",
                    "team-a",
                    "tls",
                    Map.of(
                        "caSecretRef",
                        Map.of("name", "vault-ca", "key", "ca.crt"),
                        "serverName",
                        "vault.internal"),
                    "auth",
                    Map.of(
                        "appRole",
                        Map.of(
                            "roleId", "r-1",
                            "mount", "/approle-prod/",
                            "secretIdRef", Map.of("name", "approle", "key", "secretId"))))));
    assertThat(appRole.namespace()).contains("team-a");
    assertThat(appRole.tls().serverName()).contains("vault.internal");
    assertThat(appRole.tls().caSecret().orElseThrow().name()).isEqualTo("vault-ca");
    assertThat(appRole.login()).isInstanceOf(AppRoleLogin.class);
    assertThat(((AppRoleLogin) appRole.login()).mount()).isEqualTo("approle-prod");

    SourceConfig token =
        SourceConfig.parse(
            config(
                Map.of(
                    "address",
                    "http://127.0.0.1:8200",
                    "auth",
                    Map.of("token", Map.of("secretRef", Map.of("name", "t", "key", "token"))))));
    assertThat(token.login())
        .isEqualTo(
            new TokenLogin(new SecretKeyRef("spec.config.auth.token.secretRef", "t", "token")));
  }

  @Test
  void reportsEveryProblemAtOnceByField() {
    List<String> problems =
        SourceConfig.problems(
            config(Map.of("adress", "https://vault", "namespace", 3, "auth", Map.of())));

    assertThat(problems)
        .hasSize(4)
        .anySatisfy(p -> assertThat(p).startsWith("spec.config.adress is not a vault setting"))
        .anySatisfy(p -> assertThat(p).isEqualTo("spec.config.address is required"))
        .anySatisfy(p -> assertThat(p).startsWith("spec.config.namespace must be a string"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo(
                        "spec.config.auth needs exactly one of [spec.config.auth.kubernetes,"
                            + " spec.config.auth.appRole, spec.config.auth.token]"));
  }

  @Test
  void namesTheMissingFieldOfEachAuthMethod() {
    assertProblem(Map.of("kubernetes", Map.of()), "spec.config.auth.kubernetes.role is required");
    assertProblem(
        Map.of("kubernetes", Map.of("role", "r", "tokenPath", "../other-source/token")),
        "spec.config.auth.kubernetes.tokenPath must be a file path without '..'");
    assertProblem(
        Map.of("appRole", Map.of("roleId", "r")),
        "spec.config.auth.appRole.secretIdRef is required");
    assertProblem(
        Map.of("appRole", Map.of("roleId", "r", "secretIdRef", Map.of("name", "s"))),
        "spec.config.auth.appRole.secretIdRef.key is required");
    assertProblem(Map.of("token", Map.of()), "spec.config.auth.token.secretRef is required");
    assertProblem(
        Map.of("approle", Map.of("roleId", "r")),
        "spec.config.auth.approle is not a vault setting");
    assertProblem(
        Map.of(
            "token",
            Map.of("secretRef", Map.of("name", "a", "key", "b")),
            "kubernetes",
            Map.of("role", "r")),
        "spec.config.auth sets [spec.config.auth.kubernetes, spec.config.auth.token]; set exactly one");
  }

  @Test
  void rejectsAddressesThatAreNotHttpUrls() {
    for (String address :
        List.of("vault.example.com:8200", "ftp://vault", "https://", "https://v?x=1")) {
      assertThat(SourceConfig.problems(config(Map.of("address", address, "auth", KUBERNETES))))
          .singleElement()
          .asString()
          .startsWith("spec.config.address must be an http or https URL");
    }
  }

  @Test
  void tlsSettingsAreCheckedAndSkippingVerificationNeedsAnExplicitTrue() throws Exception {
    assertThat(tlsProblems(Map.of("insecureSkipVerify", "yes")))
        .containsExactly("spec.config.tls.insecureSkipVerify must be true or false, not a string");
    assertThat(
            tlsProblems(
                Map.of("insecureSkipVerify", true, "caSecretRef", Map.of("name", "a", "key", "b"))))
        .singleElement()
        .asString()
        .startsWith("spec.config.tls.insecureSkipVerify is true while spec.config.tls.caSecretRef");
    assertThat(tlsProblems(Map.of("caSecretRef", Map.of("key", "ca.crt"))))
        .containsExactly("spec.config.tls.caSecretRef.name is required");
    assertThat(tlsProblems(Map.of("ca", "x")))
        .singleElement()
        .asString()
        .startsWith("spec.config.tls.ca is not a vault setting");
    assertThat(
            SourceConfig.problems(
                config(
                    Map.of("address", "http://vault:8200", "tls", Map.of(), "auth", KUBERNETES))))
        .containsExactly(
            "spec.config.tls applies to https addresses only; spec.config.address is http://vault:8200");
    assertThat(
            SourceConfig.parse(
                    config(Map.of("address", "https://v", "tls", Map.of(), "auth", KUBERNETES)))
                .tls()
                .insecureSkipVerify())
        .isFalse();
  }

  @Test
  void parseThrowsInvalidConfigListingAllProblems() {
    assertThatThrownBy(
            () -> SourceConfig.parse(config(Map.of("auth", Map.of("kubernetes", Map.of())))))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessage(
            "spec.config.address is required; spec.config.auth.kubernetes.role is required");
  }

  private static List<String> tlsProblems(Map<String, Object> tls) {
    return SourceConfig.problems(
        config(Map.of("address", "https://vault:8200", "tls", tls, "auth", KUBERNETES)));
  }

  private static void assertProblem(Map<String, Object> auth, String expected) {
    assertThat(SourceConfig.problems(config(Map.of("address", "https://vault", "auth", auth))))
        .singleElement()
        .asString()
        .startsWith(expected);
  }

  private static Settings config(Map<String, Object> values) {
    return Settings.of("spec.config", values);
  }
}
