package io.pullwarden.agent.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import io.pullwarden.agent.dockerconfig.TestLogins;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one-request update: applied to the Secret as it is (RFC 7386, as the API server applies it),
 * the patch built from the cached summary alone must give what reading the Secret and writing it
 * whole gives ({@link ManagedSecret#merged}); where the summary does not know enough, no patch.
 */
class SecretPatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DockerConfig OLD = TestLogins.robot("registry.example.com", "old");
  private static final DockerConfig NEW = TestLogins.robot("registry.example.com", "new");
  private static final TemplateMetadata NONE = TemplateMetadata.NONE;
  private static final TemplateMetadata V1 =
      new TemplateMetadata(
          Map.of("team", "a", "tier", "apps"), Map.of("argocd.argoproj.io/compare-options", "x"));
  private static final TemplateMetadata V2 =
      new TemplateMetadata(Map.of("team", "b"), Map.of("note", "template's"));

  static Stream<Arguments> patchable() {
    UnaryOperator<SecretBuilder> asWritten = b -> b;
    UnaryOperator<SecretBuilder> othersKeys =
        b ->
            b.editMetadata()
                .addToLabels("backup", "daily")
                .addToAnnotations("note", "from ops")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}")
                .withFinalizers(List.of("example.com/keep"))
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("ConfigMap")
                        .withName("owner")
                        .withUid("u-1")
                        .build())
                .endMetadata();
    UnaryOperator<SecretBuilder> templatedLabelEdited =
        b -> b.editMetadata().addToLabels("team", "edited").removeFromLabels("tier").endMetadata();
    UnaryOperator<SecretBuilder> unreadableList =
        b ->
            b.editMetadata()
                .addToAnnotations(TemplateMetadata.KEYS_ANNOTATION, "not json")
                .endMetadata();
    return Stream.of(
        Arguments.of("rotation, no template", NONE, NONE, asWritten),
        Arguments.of("rotation, others' keys kept", NONE, NONE, othersKeys),
        Arguments.of("rotation with a template", V1, V1, othersKeys),
        Arguments.of("template changed", V1, V2, othersKeys),
        Arguments.of("template removed", V1, NONE, othersKeys),
        Arguments.of("template added", NONE, V2, othersKeys),
        Arguments.of("templated label edited by hand", V1, V1, templatedLabelEdited),
        Arguments.of("unreadable key list: nothing removed", NONE, V2, unreadableList));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patchable")
  void thePatchFromTheSummaryWritesWhatReadingAndWritingWholeWould(
      String name,
      TemplateMetadata before,
      TemplateMetadata after,
      UnaryOperator<SecretBuilder> othersEdits)
      throws Exception {
    Secret found = othersEdits.apply(written(before)).build();
    Secret desired = ManagedSecret.desired("team", "pull", "apps", NEW, after);

    String patch = SecretPatch.of(ManagedSecret.summary(found), desired).orElseThrow();

    JsonNode patched = mergePatch(JSON.valueToTree(found), JSON.readTree(patch));
    JsonNode expected = JSON.valueToTree(ManagedSecret.merged(desired, found));
    assertThat(patched).as("the Secret after the patch").isEqualTo(expected);
    assertThat(JSON.readTree(patch).at("/metadata/resourceVersion").asText())
        .as("the cached resourceVersion, a precondition")
        .isEqualTo("41");
  }

  static Stream<Arguments> notPatchable() {
    return Stream.of(
        Arguments.of(
            "a second data key (a merge patch would keep it)",
            written(NONE).addToData("extra", "eA==")),
        Arguments.of("no data", written(NONE).withData(Map.of())),
        Arguments.of(
            "a key list longer than the cache keeps",
            written(NONE)
                .editMetadata()
                .addToAnnotations(
                    TemplateMetadata.KEYS_ANNOTATION,
                    "x".repeat(ManagedSecret.MAX_KEPT_KEYS_LENGTH + 1))
                .endMetadata()),
        Arguments.of(
            "another sync's Secret",
            written(NONE)
                .editMetadata()
                .addToLabels(ManagedSecret.SYNC_LABEL, "other")
                .endMetadata()),
        Arguments.of(
            "without the managed-by label",
            written(NONE)
                .editMetadata()
                .removeFromLabels(ManagedSecret.MANAGED_BY_LABEL)
                .endMetadata()),
        Arguments.of("another type", written(NONE).withType("Opaque")),
        Arguments.of(
            "no resourceVersion (no precondition)",
            written(NONE).editMetadata().withResourceVersion(null).endMetadata()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notPatchable")
  void whereTheSummaryDoesNotKnowEnoughThereIsNoPatch(String name, SecretBuilder found) {
    Secret desired = ManagedSecret.desired("team", "pull", "apps", NEW, V2);

    assertThat(SecretPatch.of(ManagedSecret.summary(found.build()), desired)).isEmpty();
  }

  private static SecretBuilder written(TemplateMetadata template) {
    return new SecretBuilder(ManagedSecret.desired("team", "pull", "apps", OLD, template))
        .editMetadata()
        .withResourceVersion("41")
        .withUid("uid-1")
        .endMetadata();
  }

  /** RFC 7386: objects merge member by member, null removes, anything else replaces. */
  private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target.isObject() ? ((ObjectNode) target).deepCopy() : JSON.createObjectNode();
    patch
        .fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isNull()) {
                result.remove(field.getKey());
              } else {
                result.set(
                    field.getKey(),
                    mergePatch(
                        result.has(field.getKey())
                            ? result.get(field.getKey())
                            : JSON.createObjectNode(),
                        field.getValue()));
              }
            });
    return result;
  }
}
