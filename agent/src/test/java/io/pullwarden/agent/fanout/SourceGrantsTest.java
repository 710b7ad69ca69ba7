package io.pullwarden.agent.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.pullwarden.agent.customresource.AllowedNamespaces;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceGrantsTest {

  private static final Namespace TEAM_A = namespace("team-a", Map.of("tier", "apps"));
  private static final Namespace KUBE_SYSTEM = namespace("kube-system", Map.of());

  @Test
  void aSourceWithoutTargetNamespacesAllowsNone() {
    SourceGrants grants = SourceGrants.of(List.of(source("central", null)));

    assertThat(grants.refusal(TEAM_A))
        .hasValueSatisfying(
            outcome -> {
              assertThat(outcome.reason()).isEqualTo("NamespaceNotAllowed");
              assertThat(outcome.result()).isEqualTo(NamespaceOutcome.Result.CONFLICT);
              assertThat(outcome.message())
                  .contains("CredentialSource central has no spec.targetNamespaces");
            });
  }

  @Test
  void anEmptySelectorAllowsEveryNamespace() {
    SourceGrants grants =
        SourceGrants.of(List.of(source("central", allowed(null, new LabelSelector()))));

    assertThat(grants.refusal(TEAM_A)).isEmpty();
    assertThat(grants.refusal(KUBE_SYSTEM)).isEmpty();
  }

  @Test
  void namesAndSelectorAreOred() {
    SourceGrants grants =
        SourceGrants.of(
            List.of(
                source(
                    "central",
                    allowed(
                        List.of("kube-system"),
                        new LabelSelectorBuilder()
                            .withMatchLabels(Map.of("tier", "apps"))
                            .build()))));

    assertThat(grants.refusal(TEAM_A)).isEmpty();
    assertThat(grants.refusal(KUBE_SYSTEM)).isEmpty();
    assertThat(grants.refusal(namespace("team-b", Map.of("tier", "data")))).isPresent();
  }

  @Test
  void everySourceOfASyncMustAllowTheNamespaceAndTheRefusingOneIsNamed() {
    SourceGrants grants =
        SourceGrants.of(
            List.of(
                source("open", allowed(null, new LabelSelector())),
                source("narrow", allowed(List.of("kube-system"), null))));

    assertThat(grants.refusal(KUBE_SYSTEM)).isEmpty();
    assertThat(grants.refusal(TEAM_A))
        .hasValueSatisfying(
            outcome ->
                assertThat(outcome.message())
                    .contains("CredentialSource narrow does not allow namespace team-a"));
  }

  @Test
  void anInvalidSelectorRefusesWithTheProblem() {
    LabelSelector bad =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("Equals")
            .endMatchExpression()
            .build();
    SourceGrants grants = SourceGrants.of(List.of(source("central", allowed(null, bad))));

    assertThat(grants.refusal(TEAM_A))
        .hasValueSatisfying(
            outcome ->
                assertThat(outcome.message())
                    .contains("spec.targetNamespaces.selector", "unknown label selector operator"));
  }

  @Test
  void aSourcesNamesAreExactSoAStoredStarStillAllowsNothing() {
    // Before syncs learnt patterns, "*" in a source matched no namespace; an upgrade must not
    // turn it into "every namespace" without the source's owner doing anything.
    SourceGrants grants =
        SourceGrants.of(List.of(source("central", allowed(List.of("*", "team-?"), null))));

    assertThat(grants.refusal(TEAM_A)).isPresent();
    assertThat(grants.refusal(KUBE_SYSTEM)).isPresent();
  }

  @Test
  void anEntryThatIsNoNameMatchesNothingAndTheOthersStillAllow() {
    SourceGrants grants =
        SourceGrants.of(List.of(source("central", allowed(List.of("Team-A", "team-a"), null))));

    assertThat(grants.refusal(TEAM_A)).isEmpty();
    assertThat(grants.refusal(namespace("team-b", Map.of()))).isPresent();
  }

  private static AllowedNamespaces allowed(List<String> names, LabelSelector selector) {
    AllowedNamespaces allowed = new AllowedNamespaces();
    allowed.setNames(names);
    allowed.setSelector(selector);
    return allowed;
  }

  private static CredentialSource source(String name, AllowedNamespaces targets) {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName(name);
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType("kubernetes-secret");
    spec.setTargetNamespaces(targets);
    source.setSpec(spec);
    return source;
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
