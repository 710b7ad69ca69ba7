package io.pullwarden.agent.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.agent.customresource.SecretTemplate;
import io.pullwarden.agent.customresource.SecretTemplateMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateMetadataTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "app.kubernetes.io/managed-by",
        "pullwarden.io/sync",
        "pullwarden.io/content-hash",
        "pullwarden.io/template-keys",
        "pullwarden.io/credential-sources",
        "pullwarden.io/anything-new",
        "team.pullwarden.io/x",
        "PullWarden.IO/sync"
      })
  void pullwardensOwnKeysAreRefusedAsLabelsAndAsAnnotations(String key) {
    assertThat(TemplateMetadata.isReserved(key)).isTrue();
    assertThat(problems(Map.of(key, "x"), Map.of()))
        .singleElement()
        .asString()
        .startsWith("spec.secretTemplate.metadata.labels['" + key + "'] is Pullwarden's own key");
    assertThat(problems(Map.of(), Map.of(key, "x")))
        .singleElement()
        .asString()
        .startsWith(
            "spec.secretTemplate.metadata.annotations['" + key + "'] is Pullwarden's own key");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"app.kubernetes.io/part-of", "notpullwarden.io/x", "pullwarden.iox/y", "team"})
  void otherKeysAreNotReserved(String key) {
    assertThat(TemplateMetadata.isReserved(key)).isFalse();
    assertThat(problems(Map.of(key, "x"), Map.of(key, "x"))).isEmpty();
  }

  @ParameterizedTest(name = "label {0}={1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "team|a|",
        "example.com/team|A-b_c.9|",
        "example.com/team|''|",
        "a/b/c|x|has more than one '/'",
        "Example.com/team|x|has a prefix that is not a DNS subdomain",
        "/team|x|has a prefix that is not a DNS subdomain",
        "example.com/|x|has a name part that is not",
        "-team|x|has a name part that is not",
        "team|-x|has a value that is not",
        "team|has space|has a value that is not",
      })
  void labelsAreCheckedAsTheApiServerDoes(String key, String value, String problem) {
    List<String> problems = problems(Map.of(key, value), Map.of());
    if (problem == null) {
      assertThat(problems).isEmpty();
    } else {
      assertThat(problems).singleElement().asString().contains("['" + key + "'] " + problem);
    }
  }

  @Test
  void labelValuesAreAtMost63CharactersAndNamePartsToo() {
    assertThat(problems(Map.of("team", "x".repeat(63)), Map.of())).isEmpty();
    assertThat(problems(Map.of("team", "x".repeat(64)), Map.of())).hasSize(1);
    assertThat(problems(Map.of("x".repeat(64), "v"), Map.of())).hasSize(1);
    assertThat(problems(Map.of("a".repeat(254) + "/b", "v"), Map.of())).hasSize(1);
  }

  @Test
  void annotationValuesAreFreeTextButTheirTotalSizeIsBounded() {
    assertThat(problems(Map.of(), Map.of("Example.com/Note", "any text: with spaces\n"))).isEmpty();
    assertThat(problems(Map.of(), Map.of("note", "x".repeat(200_000)))).isEmpty();
    assertThat(problems(Map.of(), Map.of("a", "x".repeat(140_000), "b", "y".repeat(140_000))))
        .singleElement()
        .asString()
        .contains("annotations are 280", "Kubernetes allows 262144");
  }

  @Test
  void theStateFollowsTheListedKeysAndTheirValuesOnly() {
    TemplateMetadata template =
        new TemplateMetadata(Map.of("team", "a"), Map.of("backup.example.com/include", "true"));
    Map<String, String> labels = template.labelsWith(Map.of("other", "1"));
    Map<String, String> annotations = template.annotationsWith("sha256:abc");

    assertThat(TemplateMetadata.state(labels, annotations)).isEqualTo(template.state());
    assertThat(TemplateMetadata.state(with(labels, "unrelated", "x"), annotations))
        .as("a label nobody templated changes nothing")
        .isEqualTo(template.state());
    assertThat(TemplateMetadata.state(with(labels, "team", "b"), annotations))
        .as("an edited templated label")
        .isNotEqualTo(template.state());
    assertThat(TemplateMetadata.state(Map.of("other", "1"), annotations))
        .as("a removed templated label")
        .isNotEqualTo(template.state());
    assertThat(new TemplateMetadata(Map.of("team", "b"), Map.of()).state())
        .isNotEqualTo(template.state());
    assertThat(TemplateMetadata.NONE.state()).isEmpty();
    assertThat(TemplateMetadata.state(labels, Map.of())).as("no list: no template").isEmpty();
  }

  @Test
  void theKeyListReadsBackAndAnUnreadableOneListsNothing() {
    TemplateMetadata template = new TemplateMetadata(Map.of("b", "1", "a", "2"), Map.of("n", "x"));

    TemplateMetadata.Keys keys = TemplateMetadata.keysIn(template.annotationsWith("h"));

    assertThat(keys.labels()).containsExactly("a", "b");
    assertThat(keys.annotations()).containsExactly("n");
    for (String forged : List.of("not json", "[1,2]", "{\"labels\":[null,\"x\"]}", "{}")) {
      TemplateMetadata.Keys read =
          TemplateMetadata.keysIn(Map.of(TemplateMetadata.KEYS_ANNOTATION, forged));
      assertThat(read.annotations()).as(forged).isEmpty();
      assertThat(read.labels()).as(forged).isSubsetOf("x");
    }
  }

  private static Map<String, String> with(Map<String, String> map, String key, String value) {
    Map<String, String> copy = new java.util.TreeMap<>(map);
    copy.put(key, value);
    return copy;
  }

  private static List<String> problems(Map<String, String> labels, Map<String, String> notes) {
    SecretTemplateMetadata metadata = new SecretTemplateMetadata();
    metadata.setLabels(labels);
    metadata.setAnnotations(notes);
    SecretTemplate template = new SecretTemplate();
    template.setMetadata(metadata);
    return TemplateMetadata.problems(template);
  }
}
