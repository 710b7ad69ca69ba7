package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.testkit.TestSourceContext;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.OpenBaoTlsExtension;
import io.pullwarden.testenv.OpenBaoTlsServer;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTPS to an OpenBao whose certificate comes from a private CA (valid for {@code 127.0.0.1} and
 * {@code localhost}): the CA from a Secret makes it work, the JDK's trust store alone does not, and
 * the error says which setting fixes it.
 */
@ExtendWith({KubernetesExtension.class, OpenBaoTlsExtension.class})
class VaultTlsIT {

  private static final Settings REF = VaultFixture.kvRef("tls/registry");
  private static TestSourceContext context;
  private static OpenBaoTlsServer vault;

  @BeforeAll
  static void start(KubernetesServer kubernetes, OpenBaoTlsServer server) throws Exception {
    vault = server;
    context = VaultFixture.context(kubernetes, "vault-tls");
    VaultFixture.secret(context, "vault-token", Map.of("token", vault.rootToken()));
    VaultFixture.secret(
        context, "vault-ca", Map.of("ca.crt", Files.readString(vault.caCertificate())));
    VaultFixture.secret(
        context, "not-a-ca", Map.of("ca.crt", "-----BEGIN CERTIFICATE-----\nnope\n"));
    VaultFixture.putKv(vault, "tls/registry", Map.of("username", "robot", "password", "pw-tls"));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void theCaFromASecretIsTrusted() throws Exception {
    try (CredentialSession session = open(Map.of("caSecretRef", ca("vault-ca")))) {
      assertThat(session.health()).isEqualTo(Health.ready());
      assertThat(session.fetch(REF).secret()).isEqualTo(new UsernamePassword("robot", "pw-tls"));
    }
  }

  @Test
  void withoutTheCaTheErrorNamesTheSettingThatFixesIt() {
    assertThatThrownBy(() -> open(null))
        .isInstanceOf(SourceException.Transient.class)
        .hasMessageContaining("cannot verify the TLS certificate of Vault at " + vault.address())
        .hasMessageContaining("set spec.config.tls.caSecretRef to the CA that signed it");
  }

  @Test
  void theCertificateIsCheckedAgainstTheServerNameWhenOneIsGiven() throws Exception {
    try (CredentialSession session =
        open(Map.of("caSecretRef", ca("vault-ca"), "serverName", "localhost"))) {
      assertThat(session.fetch(REF).secret()).isEqualTo(new UsernamePassword("robot", "pw-tls"));
    }
    assertThatThrownBy(
            () -> open(Map.of("caSecretRef", ca("vault-ca"), "serverName", "vault.example.com")))
        .isInstanceOf(SourceException.Transient.class)
        .hasMessageContaining("not for 'vault.example.com' (spec.config.tls.serverName)");
  }

  @Test
  void verificationIsSkippedOnlyWhenAskedFor() throws Exception {
    try (CredentialSession session = open(Map.of("insecureSkipVerify", true))) {
      assertThat(session.fetch(REF).secret()).isEqualTo(new UsernamePassword("robot", "pw-tls"));
    }
    assertThatThrownBy(() -> open(Map.of("insecureSkipVerify", false)))
        .isInstanceOf(SourceException.Transient.class)
        .hasMessageContaining("cannot verify the TLS certificate");
  }

  @Test
  void aSecretWithoutACertificateIsInvalidConfigNamingTheField() {
    assertThatThrownBy(() -> open(Map.of("caSecretRef", ca("not-a-ca"))))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageContaining("holds no PEM certificate")
        .hasMessageContaining("spec.config.tls.caSecretRef");
  }

  private static Map<String, Object> ca(String secret) {
    return Map.of("name", secret, "key", "ca.crt");
  }

  private static CredentialSession open(Map<String, Object> tls) throws SourceException {
    Map<String, Object> config = new HashMap<>();
    config.put("address", vault.address().toString());
    config.put(
        "auth",
        Map.of("token", Map.of("secretRef", Map.of("name", "vault-token", "key", "token"))));
    if (tls != null) {
      config.put("tls", tls);
    }
    return new VaultSourceFactory().open(VaultFixture.config(config), context);
  }
}
