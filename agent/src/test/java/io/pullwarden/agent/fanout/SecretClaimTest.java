package io.pullwarden.agent.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.ConflictPolicy;
import io.pullwarden.agent.source.SecretAccess;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretClaimTest {

  private static final String PULL = "kubernetes.io/dockerconfigjson";

  /**
   * Each row: who owns the found Secret ("-" none, "managed:" only the managed-by label), its type,
   * the finding sync's policy, and the reason it must leave the Secret alone ("write" when it may
   * write over it).
   */
  @ParameterizedTest(name = "owner {0}, type {1}, policy {2} -> {3}")
  @CsvSource({
    "team,     kubernetes.io/dockerconfigjson, Skip,  write",
    "team,     kubernetes.io/dockerconfigjson, Adopt, write",
    "team,     kubernetes.io/tls,              Adopt, SecretTypeMismatch",
    "other,    kubernetes.io/dockerconfigjson, Skip,  ManagedByOtherSync",
    "other,    kubernetes.io/dockerconfigjson, Adopt, ManagedByOtherSync",
    "other,    Opaque,                         Adopt, ManagedByOtherSync",
    "-,        kubernetes.io/dockerconfigjson, Skip,  SecretConflict",
    "-,        kubernetes.io/dockerconfigjson, Adopt, write",
    "-,        kubernetes.io/tls,              Adopt, AdoptionRefused",
    "-,        kubernetes.io/service-account-token, Adopt, AdoptionRefused",
    "-,        Opaque,                         Adopt, AdoptionRefused",
    "-,        kubernetes.io/dockercfg,        Adopt, AdoptionRefused",
    "-,        kubernetes.io/tls,              Skip,  SecretConflict",
    "managed:, kubernetes.io/dockerconfigjson, Skip,  SecretConflict",
    "managed:, kubernetes.io/tls,              Adopt, AdoptionRefused",
  })
  void aSyncWritesOnlyItsOwnSecretOrAnAdoptableOne(
      String owner, String type, ConflictPolicy policy, String expected) {
    Optional<NamespaceOutcome> refusal =
        SecretClaim.refusal("team", policy, found(owner, type), "apps");

    if (expected.equals("write")) {
      assertThat(refusal).isEmpty();
    } else {
      assertThat(refusal)
          .hasValueSatisfying(
              outcome -> {
                assertThat(outcome.result()).isEqualTo(NamespaceOutcome.Result.CONFLICT);
                assertThat(outcome.reason()).isEqualTo(expected);
                assertThat(outcome.namespace()).isEqualTo("apps");
                assertThat(outcome.message()).contains("registry").contains("left untouched");
              });
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Skip", "Adopt"})
  void theOtherSyncIsNamedSoTheConflictCanBeResolved(ConflictPolicy policy) {
    assertThat(SecretClaim.refusal("team", policy, found("billing", PULL), "apps"))
        .hasValueSatisfying(
            outcome ->
                assertThat(outcome.message()).contains("PullSecretSync billing", "secretName"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Skip, SecretConflict", "Adopt, AdoptionRefused"})
  void aSecretMarkedForSourcesToReadIsNeverTakenOver(ConflictPolicy policy, String reason) {
    Secret login =
        new SecretBuilder(found("-", PULL))
            .editMetadata()
            .addToAnnotations(SecretAccess.ANNOTATION, "central")
            .endMetadata()
            .build();

    assertThat(SecretClaim.refusal("team", policy, login, "apps"))
        .hasValueSatisfying(outcome -> assertThat(outcome.reason()).isEqualTo(reason));
  }

  private static Secret found(String owner, String type) {
    Map<String, String> labels = new HashMap<>();
    if (!owner.equals("-")) {
      labels.put(ManagedSecret.MANAGED_BY_LABEL, ManagedSecret.MANAGED_BY_VALUE);
    }
    if (!owner.equals("-") && !owner.equals("managed:")) {
      labels.put(ManagedSecret.SYNC_LABEL, owner);
    }
    return new SecretBuilder()
        .withNewMetadata()
        .withName("registry")
        .withNamespace("apps")
        .withLabels(labels)
        .endMetadata()
        .withType(type)
        .build();
  }
}
