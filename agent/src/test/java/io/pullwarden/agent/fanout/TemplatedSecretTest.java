package io.pullwarden.agent.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import io.pullwarden.agent.dockerconfig.TestLogins;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sync's template on the Secrets it writes: added, changed, removed; others' keys kept. */
class TemplatedSecretTest {

  private static final DockerConfig CONFIG = TestLogins.robot("registry.example.com", "pw");
  private static final TemplateMetadata V1 =
      new TemplateMetadata(
          Map.of("team", "a", "tier", "apps"), Map.of("argocd.argoproj.io/compare-options", "x"));
  private static final TemplateMetadata V2 = new TemplateMetadata(Map.of("team", "b"), Map.of());

  @Test
  void theWrittenSecretCarriesTheTemplateAndPullwardensOwnKeys() {
    Secret written = ManagedSecret.desired("team", "pull", "apps", CONFIG, V1);

    assertThat(written.getMetadata().getLabels())
        .containsEntry("team", "a")
        .containsEntry("tier", "apps")
        .containsEntry(ManagedSecret.MANAGED_BY_LABEL, ManagedSecret.MANAGED_BY_VALUE)
        .containsEntry(ManagedSecret.SYNC_LABEL, "team");
    assertThat(written.getMetadata().getAnnotations())
        .containsEntry("argocd.argoproj.io/compare-options", "x")
        .containsEntry(ManagedSecret.HASH_ANNOTATION, CONFIG.hash())
        .containsEntry(
            TemplateMetadata.KEYS_ANNOTATION,
            "{\"labels\":[\"team\",\"tier\"],\"annotations\":[\"argocd.argoproj.io/compare-options\"]}");
    assertThat(ManagedSecret.desired("team", "pull", "apps", CONFIG, TemplateMetadata.NONE))
        .as("without a template, exactly the Secret written before templates existed")
        .satisfies(
            plain ->
                assertThat(plain.getMetadata().getAnnotations())
                    .containsOnlyKeys(ManagedSecret.HASH_ANNOTATION));
  }

  @Test
  void aTemplateChangeOrAnEditedTemplatedLabelIsDriftEvenThroughTheSummary() {
    Secret written = ManagedSecret.desired("team", "pull", "apps", CONFIG, V1);
    Secret summary = ManagedSecret.summary(written);

    assertThat(ManagedSecret.isCurrent(summary, "team", CONFIG, V1)).isTrue();
    assertThat(ManagedSecret.isCurrent(summary, "team", CONFIG, V2)).isFalse();
    assertThat(ManagedSecret.isCurrent(summary, "team", CONFIG, TemplateMetadata.NONE)).isFalse();

    Secret edited =
        new SecretBuilder(written).editMetadata().addToLabels("team", "z").endMetadata().build();
    assertThat(ManagedSecret.isCurrent(ManagedSecret.summary(edited), "team", CONFIG, V1))
        .isFalse();
    Secret foreignLabel =
        new SecretBuilder(written).editMetadata().addToLabels("owner", "ops").endMetadata().build();
    assertThat(ManagedSecret.isCurrent(ManagedSecret.summary(foreignLabel), "team", CONFIG, V1))
        .as("a label someone else added is not drift")
        .isTrue();
  }

  @Test
  void aSecretWrittenBeforeTemplatesExistedStaysCurrentWithoutOne() {
    Secret old =
        new SecretBuilder(
                ManagedSecret.desired("team", "pull", "apps", CONFIG, TemplateMetadata.NONE))
            .editMetadata()
            .addToLabels("someone", "else")
            .endMetadata()
            .build();

    assertThat(
            ManagedSecret.isCurrent(
                ManagedSecret.summary(old), "team", CONFIG, TemplateMetadata.NONE))
        .isTrue();
  }

  @Test
  void anUpdateRemovesWhatTheOldTemplateSetAndKeepsEverythingOthersSet() {
    Secret found =
        new SecretBuilder(ManagedSecret.desired("team", "pull", "apps", CONFIG, V1))
            .editMetadata()
            .withResourceVersion("41")
            .addToLabels("backup", "daily")
            .addToAnnotations("note", "from ops")
            .withFinalizers(List.of("example.com/keep"))
            .endMetadata()
            .build();
    Secret desired =
        ManagedSecret.desired(
            "team", "pull", "apps", TestLogins.robot("registry.example.com", "new"), V2);

    Secret merged = ManagedSecret.merged(desired, found);

    assertThat(merged.getMetadata().getLabels())
        .containsEntry("team", "b")
        .containsEntry("backup", "daily")
        .containsEntry(ManagedSecret.SYNC_LABEL, "team")
        .doesNotContainKey("tier");
    assertThat(merged.getMetadata().getAnnotations())
        .containsEntry("note", "from ops")
        .containsEntry(
            TemplateMetadata.KEYS_ANNOTATION, "{\"labels\":[\"team\"],\"annotations\":[]}")
        .doesNotContainKey("argocd.argoproj.io/compare-options")
        .containsEntry(
            ManagedSecret.HASH_ANNOTATION,
            desired.getMetadata().getAnnotations().get(ManagedSecret.HASH_ANNOTATION));
    assertThat(merged.getMetadata().getResourceVersion()).isEqualTo("41");
    assertThat(merged.getMetadata().getFinalizers()).containsExactly("example.com/keep");
    assertThat(merged.getData()).isEqualTo(desired.getData());

    Secret untemplated =
        ManagedSecret.merged(
            ManagedSecret.desired("team", "pull", "apps", CONFIG, TemplateMetadata.NONE), merged);
    assertThat(untemplated.getMetadata().getLabels())
        .doesNotContainKey("team")
        .containsKey("backup");
    assertThat(untemplated.getMetadata().getAnnotations())
        .doesNotContainKey(TemplateMetadata.KEYS_ANNOTATION)
        .containsKey("note");
  }

  @Test
  void anAdoptedSecretKeepsItsLabelsButLosesAnyExtraDataKey() {
    Secret foreign =
        new SecretBuilder()
            .withNewMetadata()
            .withName("pull")
            .withNamespace("apps")
            .withResourceVersion("3")
            .addToLabels("app", "legacy")
            .endMetadata()
            .withType(ManagedSecret.TYPE)
            .withData(Map.of(".dockerconfigjson", "e30=", "extra", "eA=="))
            .build();

    Secret merged =
        ManagedSecret.merged(ManagedSecret.desired("team", "pull", "apps", CONFIG, V2), foreign);

    assertThat(merged.getMetadata().getLabels())
        .containsEntry("app", "legacy")
        .containsEntry("team", "b");
    assertThat(merged.getData()).containsOnlyKeys(".dockerconfigjson");
    assertThat(ManagedSecret.isCurrent(merged, "team", CONFIG, V2)).isTrue();
  }
}
