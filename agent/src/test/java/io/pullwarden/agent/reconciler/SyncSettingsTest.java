package io.pullwarden.agent.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.agent.customresource.NamespaceSelection;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncSpec;
import io.pullwarden.agent.customresource.RegistrySpec;
import io.pullwarden.agent.customresource.SecretTemplate;
import io.pullwarden.agent.customresource.SecretTemplateMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncSettingsTest {

  @Test
  void everyBadServerIsNamedByItsFieldBeforeAnyStoreIsAsked() {
    PullSecretSync sync =
        sync("registry.example.com", "ftp://registry.example.com", "user@registry.example.com");

    assertThatThrownBy(() -> SyncSettings.parse(sync))
        .isInstanceOfSatisfying(
            SyncBlocked.class,
            blocked -> {
              assertThat(blocked.reason()).isEqualTo("InvalidSpec");
              assertThat(blocked.retryAfter()).isNull();
            })
        .hasMessageStartingWith("spec.registries[1].server has scheme \"ftp://\"")
        .hasMessageContaining("; spec.registries[2].server contains '@' (user@host)")
        .hasMessageNotContaining("spec.registries[0]");
  }

  @Test
  void anOmittedOrBlankServerIsLeftToTheStore() throws Exception {
    SyncSettings settings = SyncSettings.parse(sync(null, " ", "registry.example.com:5000"));

    assertThat(settings.spec().getRegistries()).hasSize(3);
  }

  @Test
  void aBadNamePatternIsInvalidSpecNamingTheEntry() {
    PullSecretSync sync = sync("registry.example.com");
    NamespaceSelection selection = new NamespaceSelection();
    selection.setNames(List.of("team-*", "team-[ab]"));
    selection.setExclude(List.of("Prod*"));
    sync.getSpec().setNamespaces(selection);

    assertThatThrownBy(() -> SyncSettings.parse(sync))
        .isInstanceOfSatisfying(
            SyncBlocked.class, blocked -> assertThat(blocked.reason()).isEqualTo("InvalidSpec"))
        .hasMessageContaining("spec.namespaces.names[1] 'team-[ab]' is neither")
        .hasMessageContaining("spec.namespaces.exclude[0] 'Prod*' is neither")
        .hasMessageNotContaining("names[0]");
  }

  @Test
  void tooManyPatternsOrEntriesAreInvalidSpecSoNoSyncMakesEveryNamespaceEventExpensive() {
    PullSecretSync sync = sync("registry.example.com");
    NamespaceSelection selection = new NamespaceSelection();
    selection.setNames(
        java.util.stream.IntStream.range(0, 17).mapToObj(i -> "team-" + i + "-*").toList());
    selection.setExclude(
        java.util.stream.IntStream.range(0, 257).mapToObj(i -> "ns-" + i).toList());
    sync.getSpec().setNamespaces(selection);

    assertThatThrownBy(() -> SyncSettings.parse(sync))
        .isInstanceOfSatisfying(
            SyncBlocked.class, blocked -> assertThat(blocked.reason()).isEqualTo("InvalidSpec"))
        .hasMessageContaining("spec.namespaces.names has 17 patterns; at most 16")
        .hasMessageContaining("spec.namespaces.exclude has 257 entries; at most 256");
  }

  @Test
  void aTemplateSettingPullwardensOwnKeysIsInvalidSpecAndNothingIsWritten() {
    PullSecretSync sync = sync("registry.example.com");
    SecretTemplateMetadata metadata = new SecretTemplateMetadata();
    metadata.setLabels(Map.of("pullwarden.io/sync", "victim", "team", "a"));
    metadata.setAnnotations(Map.of("pullwarden.io/credential-sources", "central"));
    SecretTemplate template = new SecretTemplate();
    template.setMetadata(metadata);
    sync.getSpec().setSecretTemplate(template);

    assertThatThrownBy(() -> SyncSettings.parse(sync))
        .isInstanceOfSatisfying(
            SyncBlocked.class, blocked -> assertThat(blocked.reason()).isEqualTo("InvalidSpec"))
        .hasMessageContaining(
            "spec.secretTemplate.metadata.labels['pullwarden.io/sync'] is Pullwarden's own key")
        .hasMessageContaining(
            "spec.secretTemplate.metadata.annotations['pullwarden.io/credential-sources'] is"
                + " Pullwarden's own key")
        .hasMessageNotContaining("['team']");
  }

  @Test
  void aValidTemplateAndPatternsAreParsed() throws Exception {
    PullSecretSync sync = sync("registry.example.com");
    SecretTemplateMetadata metadata = new SecretTemplateMetadata();
    metadata.setLabels(Map.of("team", "a"));
    SecretTemplate template = new SecretTemplate();
    template.setMetadata(metadata);
    sync.getSpec().setSecretTemplate(template);
    NamespaceSelection selection = new NamespaceSelection();
    selection.setNames(List.of("team-*"));
    sync.getSpec().setNamespaces(selection);

    SyncSettings settings = SyncSettings.parse(sync);

    assertThat(settings.template().labels()).containsExactly(Map.entry("team", "a"));
  }

  private static PullSecretSync sync(String... servers) {
    PullSecretSyncSpec spec = new PullSecretSyncSpec();
    spec.setSecretName("pull");
    spec.setRegistries(
        Arrays.stream(servers)
            .map(
                server -> {
                  RegistrySpec registry = new RegistrySpec();
                  registry.setServer(server);
                  registry.setSourceRef("central");
                  return registry;
                })
            .toList());
    PullSecretSync sync = new PullSecretSync();
    sync.getMetadata().setName("example");
    sync.setSpec(spec);
    return sync;
  }
}
