package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.plugin.SourceException;
import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureMappingTest {

  private static final URI ADDRESS = URI.create("https://vault.test:8200");

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "500, Transient",
    "502, Transient",
    "503, Transient",
    "429, Transient",
    "412, Transient",
    "403, AuthFailed",
    "401, AuthFailed",
    "404, NotFound",
    "400, InvalidConfig",
    "405, InvalidConfig",
  })
  void mapsEachStatusToTheOutcomeTheAgentActsOn(int status, String outcome) {
    SourceException mapped = call(new VaultFailure(status, List.of("some error")));

    assertThat(mapped.getClass().getSimpleName()).isEqualTo(outcome);
  }

  @Test
  void messagesNameTheServerTheCallAndTheFix() {
    assertThat(call(new VaultFailure(503, List.of("Vault is sealed"))))
        .hasMessageStartingWith(
            "Vault at https://vault.test:8200 is sealed (HTTP 503: Vault is sealed)")
        .hasMessageContaining("while reading KV v2 secret 'a'");
    assertThat(call(new VaultFailure(403, List.of("permission denied"))))
        .hasMessageContaining("denied reading KV v2 secret 'a' (HTTP 403: permission denied)")
        .hasMessageContaining("give the kubernetes login a policy that allows it");
    assertThat(call(new VaultFailure(404, List.of())))
        .hasMessage(
            "KV v2 secret 'a' in mount 'secret' does not exist in Vault at https://vault.test:8200;"
                + " create it or correct the ref");
  }

  @Test
  void noAnswerIsTransientAndATlsProblemSaysWhichSettingFixesIt() {
    assertThat(call(new VaultFailure(new ConnectException("Connection refused"))))
        .isInstanceOf(SourceException.Transient.class)
        .hasMessageContaining("cannot reach Vault at https://vault.test:8200 while reading")
        .hasMessageContaining("ConnectException (Connection refused)");
    assertThat(call(new VaultFailure(new SSLHandshakeException("PKIX path building failed"))))
        .isInstanceOf(SourceException.Transient.class)
        .hasMessageContaining(
            "cannot verify the TLS certificate of Vault at https://vault.test:8200")
        .hasMessageContaining("set spec.config.tls.caSecretRef");
  }

  @Test
  void refusedLoginsAreAuthFailedAndOutagesDuringLoginAreTransient() {
    assertThat(
            FailureMapping.forLogin(
                new VaultFailure(400, List.of("invalid role ID")), ADDRESS, "the appRole login"))
        .isInstanceOf(SourceException.AuthFailed.class)
        .hasMessageContaining("refused the appRole login (HTTP 400: invalid role ID)");
    assertThat(
            FailureMapping.forLogin(new VaultFailure(503, List.of()), ADDRESS, "the appRole login"))
        .isInstanceOf(SourceException.Transient.class);
  }

  private static SourceException call(VaultFailure failure) {
    return FailureMapping.forCall(
        failure,
        ADDRESS,
        "reading KV v2 secret 'a'",
        "KV v2 secret 'a' in mount 'secret'",
        "the kubernetes login");
  }
}
