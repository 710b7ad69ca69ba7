package io.pullwarden.agent.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncSpec;
import io.pullwarden.agent.customresource.RegistrySpec;
import java.util.Arrays;
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
