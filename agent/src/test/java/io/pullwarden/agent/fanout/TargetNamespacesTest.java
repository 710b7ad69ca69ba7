package io.pullwarden.agent.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.pullwarden.agent.customresource.NamespaceSelection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetNamespacesTest {

  @Test
  void withoutSelectionEveryNamespaceButTheSystemOnesIsSelected() {
    TargetNamespaces all = TargetNamespaces.of(null);

    assertThat(all.includes(namespace("team-a", Map.of()))).isTrue();
    assertThat(all.includes(namespace("kube-system", Map.of()))).isFalse();
    assertThat(all.includes(namespace("kube-node-lease", Map.of()))).isFalse();
  }

  @Test
  void selectorAndNamesAreOredAndExcludeWins() {
    NamespaceSelection selection = new NamespaceSelection();
    selection.setSelector(
        new LabelSelectorBuilder().withMatchLabels(Map.of("pullwarden.io/inject", "true")).build());
    selection.setNames(List.of("legacy", "blocked"));
    selection.setExclude(List.of("blocked"));
    TargetNamespaces targets = TargetNamespaces.of(selection);

    assertThat(targets.includes(namespace("labelled", Map.of("pullwarden.io/inject", "true"))))
        .isTrue();
    assertThat(targets.includes(namespace("legacy", Map.of()))).isTrue();
    assertThat(targets.includes(namespace("blocked", Map.of("pullwarden.io/inject", "true"))))
        .isFalse();
    assertThat(targets.includes(namespace("other", Map.of("pullwarden.io/inject", "false"))))
        .isFalse();
  }

  @Test
  void namesAloneSelectOnlyThoseNamespaces() {
    NamespaceSelection selection = new NamespaceSelection();
    selection.setNames(List.of("only-me"));

    assertThat(TargetNamespaces.of(selection).includes(namespace("only-me", Map.of()))).isTrue();
    assertThat(TargetNamespaces.of(selection).includes(namespace("not-me", Map.of()))).isFalse();
  }

  @Test
  void patternsInNamesAndExcludeSelectAndExcludeByName() {
    NamespaceSelection selection = new NamespaceSelection();
    selection.setNames(List.of("team-*", "legacy", "shop-?"));
    selection.setExclude(List.of("*-sandbox", "kube-*"));
    TargetNamespaces targets = TargetNamespaces.of(selection);

    assertThat(targets.includes(namespace("team-a", Map.of()))).isTrue();
    assertThat(targets.includes(namespace("team-created-later", Map.of()))).isTrue();
    assertThat(targets.includes(namespace("legacy", Map.of()))).isTrue();
    assertThat(targets.includes(namespace("shop-1", Map.of()))).isTrue();
    assertThat(targets.includes(namespace("shop-12", Map.of()))).isFalse();
    assertThat(targets.includes(namespace("team-a-sandbox", Map.of())))
        .as("excluded by *-sandbox although team-* selects it")
        .isFalse();
    assertThat(targets.includes(namespace("my-team-a", Map.of()))).isFalse();
  }

  @Test
  void aPatternInExcludeAlsoAppliesToTheLabelSelector() {
    NamespaceSelection selection = new NamespaceSelection();
    selection.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("a", "b")).build());
    selection.setExclude(List.of("*-prod"));
    TargetNamespaces targets = TargetNamespaces.of(selection);

    assertThat(targets.includes(namespace("shop-prod", Map.of("a", "b")))).isFalse();
    assertThat(targets.includes(namespace("shop-dev", Map.of("a", "b")))).isTrue();
  }

  @Test
  void anEmptyExcludeListExcludesNothing() {
    NamespaceSelection selection = new NamespaceSelection();
    selection.setExclude(List.of());

    assertThat(TargetNamespaces.of(selection).includes(namespace("kube-system", Map.of())))
        .isTrue();
  }

  @Test
  void matchExpressionsFollowKubernetesSemantics() {
    var selector =
        new LabelSelectorBuilder()
            .addToMatchExpressions(
                new LabelSelectorRequirement("tier", "In", List.of("web", "api")),
                new LabelSelectorRequirement("legacy", "DoesNotExist", null),
                new LabelSelectorRequirement("env", "NotIn", List.of("prod")))
            .build();

    assertThat(TargetNamespaces.matches(selector, Map.of("tier", "web"))).isTrue();
    assertThat(TargetNamespaces.matches(selector, Map.of("tier", "api", "env", "dev"))).isTrue();
    assertThat(TargetNamespaces.matches(selector, Map.of("tier", "db"))).isFalse();
    assertThat(TargetNamespaces.matches(selector, Map.of("tier", "web", "legacy", "1"))).isFalse();
    assertThat(TargetNamespaces.matches(selector, Map.of("tier", "web", "env", "prod"))).isFalse();
  }

  @Test
  void aTerminatingNamespaceIsNotATarget() {
    Namespace terminating =
        new NamespaceBuilder(namespace("going", Map.of()))
            .editMetadata()
            .withDeletionTimestamp("2026-11-24T10:00:00Z")
            .endMetadata()
            .build();

    assertThat(TargetNamespaces.of(null).includes(terminating)).isFalse();
  }

  private static Namespace namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }
}
