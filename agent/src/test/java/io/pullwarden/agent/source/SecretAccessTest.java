package io.pullwarden.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretAccessTest {

  @ParameterizedTest(name = "marked ''{0}'', read by {1}: allowed {2}")
  @CsvSource({
    "central,                central,  true",
    "'vault-prod, central',  central,  true",
    "'vault-prod,central',   central,  true",
    "vault-prod,             central,  false",
    "centrally,              central,  false",
    "'',                     central,  false",
    "'*',                    central,  false",
  })
  void onlyTheSourcesTheSecretNamesMayReadIt(String marked, String source, boolean allowed) {
    Secret secret = secret(Map.of(SecretAccess.ANNOTATION, marked));

    assertThat(SecretAccess.refusal(source, secret).isEmpty()).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"kubernetes.io/service-account-token", "kubernetes.io/tls", "Opaque"})
  void anUnmarkedSecretOfAnyTypeIsRefusedWithTheCommandThatMarksIt(String type) {
    Secret secret = new SecretBuilder(secret(Map.of("other", "annotation"))).withType(type).build();

    assertThat(SecretAccess.refusal("central", secret))
        .hasValue(
            "Secret pullwarden-system/openbao-token is not marked for CredentialSource central,"
                + " so the agent does not read it for that source; if it is meant for it, its"
                + " owner adds the source to the annotation pullwarden.io/credential-sources"
                + " (kubectl annotate secret -n pullwarden-system openbao-token"
                + " pullwarden.io/credential-sources=central)");
  }

  private static Secret secret(Map<String, String> annotations) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("openbao-token")
        .withNamespace("pullwarden-system")
        .withAnnotations(annotations)
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of("token", "czNjcjN0"))
        .build();
  }
}
