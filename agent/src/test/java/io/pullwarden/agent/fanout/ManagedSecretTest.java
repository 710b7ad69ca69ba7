package io.pullwarden.agent.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import io.pullwarden.agent.dockerconfig.TestLogins;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagedSecretTest {

  private static final DockerConfig CONFIG = config("first-password");

  @Test
  void theSummaryKeepsWhatDecisionsNeedAndNoData() {
    Secret written =
        ManagedSecret.desired("team", "registry", "apps", CONFIG, TemplateMetadata.NONE);
    written.getMetadata().setResourceVersion("7");
    written.getMetadata().setUid("uid-1");
    written.getMetadata().getLabels().put("backup", "x".repeat(60));
    written
        .getMetadata()
        .setAnnotations(
            Map.of(ManagedSecret.HASH_ANNOTATION, CONFIG.hash(), "note", "y".repeat(200_000)));

    Secret summary = ManagedSecret.summary(written);

    assertThat(summary.getData()).isNullOrEmpty();
    assertThat(summary.getStringData()).isNullOrEmpty();
    assertThat(summary.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(summary.getMetadata().getLabels())
        .containsOnlyKeys(ManagedSecret.MANAGED_BY_LABEL, ManagedSecret.SYNC_LABEL);
    assertThat(summary.getMetadata().getAnnotations())
        .containsOnlyKeys(
            ManagedSecret.HASH_ANNOTATION,
            ManagedSecret.OBSERVED_HASH_ANNOTATION,
            ManagedSecret.OBSERVED_TEMPLATE_ANNOTATION);
    assertThat(summary.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(summary.getMetadata().getUid()).isEqualTo("uid-1");
    assertThat(ManagedSecret.isCurrent(summary, "team", CONFIG, TemplateMetadata.NONE)).isTrue();
  }

  @Test
  void theSummaryKeepsAShortTemplateKeyListAndOnlyMarksALongOne() {
    TemplateMetadata template = new TemplateMetadata(Map.of("team", "a"), Map.of());
    Secret written = ManagedSecret.desired("team", "registry", "apps", CONFIG, template);
    String listed = written.getMetadata().getAnnotations().get(TemplateMetadata.KEYS_ANNOTATION);
    Secret hostile =
        new SecretBuilder(written)
            .editMetadata()
            .addToAnnotations(TemplateMetadata.KEYS_ANNOTATION, "[" + " ".repeat(200_000) + "]")
            .endMetadata()
            .build();

    assertThat(ManagedSecret.summary(written).getMetadata().getAnnotations())
        .containsEntry(TemplateMetadata.KEYS_ANNOTATION, listed)
        .doesNotContainKey(ManagedSecret.OBSERVED_KEYS_DROPPED_ANNOTATION);
    assertThat(ManagedSecret.summary(hostile).getMetadata().getAnnotations())
        .as("a list anyone could make as long as the API server allows is not cached")
        .doesNotContainKey(TemplateMetadata.KEYS_ANNOTATION)
        .containsEntry(ManagedSecret.OBSERVED_KEYS_DROPPED_ANNOTATION, "true");
  }

  @Test
  void aHashAnnotationLongerThanTheAgentWritesIsNotKept() {
    Secret padded =
        new SecretBuilder(
                ManagedSecret.desired("team", "registry", "apps", CONFIG, TemplateMetadata.NONE))
            .editMetadata()
            .addToAnnotations(ManagedSecret.HASH_ANNOTATION, "sha256:" + "0".repeat(200_000))
            .endMetadata()
            .build();

    assertThat(
            ManagedSecret.summary(padded)
                .getMetadata()
                .getAnnotations()
                .get(ManagedSecret.HASH_ANNOTATION))
        .isEmpty();
    assertThat(
            ManagedSecret.isCurrent(
                ManagedSecret.summary(padded), "team", CONFIG, TemplateMetadata.NONE))
        .isFalse();
  }

  @Test
  void editedDataIsDriftEvenThroughTheSummary() {
    Secret edited =
        new SecretBuilder(
                ManagedSecret.desired("team", "registry", "apps", CONFIG, TemplateMetadata.NONE))
            .withData(
                Map.of(
                    ".dockerconfigjson",
                    Base64.getEncoder().encodeToString(config("edited").json())))
            .build();

    assertThat(
            ManagedSecret.isCurrent(
                ManagedSecret.summary(edited), "team", CONFIG, TemplateMetadata.NONE))
        .isFalse();
  }

  @Test
  void aSecretThatForgesTheSummarysAnnotationIsJudgedByItsData() {
    Secret forged =
        new SecretBuilder(
                ManagedSecret.desired(
                    "team", "registry", "apps", config("edited"), TemplateMetadata.NONE))
            .editMetadata()
            .addToAnnotations(ManagedSecret.HASH_ANNOTATION, CONFIG.hash())
            .addToAnnotations(ManagedSecret.OBSERVED_HASH_ANNOTATION, CONFIG.hash())
            .endMetadata()
            .build();

    assertThat(ManagedSecret.isCurrent(forged, "team", CONFIG, TemplateMetadata.NONE)).isFalse();
    assertThat(
            ManagedSecret.isCurrent(
                ManagedSecret.summary(forged), "team", CONFIG, TemplateMetadata.NONE))
        .isFalse();
  }

  @Test
  void anExtraKeyUndecodableDataOrAnotherSyncIsNotCurrent() {
    Secret extraKey =
        new SecretBuilder(
                ManagedSecret.desired("team", "registry", "apps", CONFIG, TemplateMetadata.NONE))
            .addToData("extra", "eA==")
            .build();
    Secret notBase64 =
        new SecretBuilder(
                ManagedSecret.desired("team", "registry", "apps", CONFIG, TemplateMetadata.NONE))
            .withData(Map.of(".dockerconfigjson", "not base64!"))
            .build();
    Secret ours =
        ManagedSecret.summary(
            ManagedSecret.desired("team", "registry", "apps", CONFIG, TemplateMetadata.NONE));

    assertThat(
            ManagedSecret.isCurrent(
                ManagedSecret.summary(extraKey), "team", CONFIG, TemplateMetadata.NONE))
        .isFalse();
    assertThat(
            ManagedSecret.isCurrent(
                ManagedSecret.summary(notBase64), "team", CONFIG, TemplateMetadata.NONE))
        .isFalse();
    assertThat(ManagedSecret.isCurrent(ours, "billing", CONFIG, TemplateMetadata.NONE)).isFalse();
    assertThat(
            ManagedSecret.isCurrent(ours, "team", config("second-password"), TemplateMetadata.NONE))
        .isFalse();
  }

  @Test
  void permanentApiRefusalsAreNotRetriedSoonAndOthersAre() {
    assertThat(
            new NamespaceOutcome("a", NamespaceOutcome.Result.FAILED, "Invalid", "").isRetriable())
        .isFalse();
    assertThat(
            new NamespaceOutcome("a", NamespaceOutcome.Result.FAILED, "Forbidden", "")
                .isRetriable())
        .isFalse();
    assertThat(
            new NamespaceOutcome("a", NamespaceOutcome.Result.FAILED, "ServiceUnavailable", "")
                .isRetriable())
        .isTrue();
    assertThat(
            new NamespaceOutcome("a", NamespaceOutcome.Result.CONFLICT, "SecretConflict", "")
                .isRetriable())
        .isFalse();
  }

  private static DockerConfig config(String password) {
    return TestLogins.robot("registry.example.com", password);
  }
}
