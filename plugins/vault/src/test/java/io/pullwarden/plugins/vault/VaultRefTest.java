package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VaultRefTest {

  @Test
  void kvDefaultsToMountSecretAndBuildsDataAndMetadataPaths() throws Exception {
    VaultRef.KvV2 kv = (VaultRef.KvV2) parse(Map.of("kv", Map.of("path", "/team/registry/")));

    assertThat(kv.mount()).isEqualTo("secret");
    assertThat(kv.version()).isEmpty();
    assertThat(kv.dataPath()).isEqualTo("secret/data/team/registry");
    assertThat(kv.metadataPath()).isEqualTo("secret/metadata/team/registry");
    assertThat(kv.describe()).isEqualTo("KV v2 secret 'team/registry' in mount 'secret'");
  }

  @Test
  void kvTakesAMountAndAPinnedVersionAndEncodesOddCharacters() throws Exception {
    VaultRef.KvV2 kv =
        (VaultRef.KvV2)
            parse(Map.of("kv", Map.of("mount", "kv-prod", "path", "ci robots/ghcr", "version", 4)));

    assertThat(kv.version()).isEqualTo(OptionalLong.of(4));
    assertThat(kv.dataPath()).isEqualTo("kv-prod/data/ci%20robots/ghcr");
  }

  @Test
  void kvV1AndReadUseTheirPathAsIs() throws Exception {
    assertThat(
            ((VaultRef.KvV1) parse(Map.of("kvV1", Map.of("mount", "kv", "path", "a/b"))))
                .readPath())
        .isEqualTo("kv/a/b");
    assertThat(
            ((VaultRef.Read) parse(Map.of("read", Map.of("path", "database/creds/puller"))))
                .readPath())
        .isEqualTo("database/creds/puller");
  }

  @Test
  void fieldMappingHasDefaultsAndAServerKey() throws Exception {
    VaultRef ref =
        parse(Map.of("kv", Map.of("path", "x"), "passwordKey", "token", "serverKey", "registry"));

    assertThat(ref.fields().usernameKey()).isEmpty();
    assertThat(ref.fields().passwordKey()).contains("token");
    assertThat(ref.fields().serverKey()).contains("registry");
  }

  @Test
  void errorsNameTheField() {
    assertError(
        Map.of(), "spec.registries[0].ref needs exactly one of [spec.registries[0].ref.kv,");
    assertError(
        Map.of("kv", Map.of("path", "a"), "read", Map.of("path", "b")),
        "spec.registries[0].ref sets [spec.registries[0].ref.kv, spec.registries[0].ref.read]");
    assertError(Map.of("kv", Map.of()), "spec.registries[0].ref.kv.path is required");
    assertError(
        Map.of("kv", Map.of("path", "a/../b")),
        "spec.registries[0].ref.kv.path must be a Vault path");
    assertError(
        Map.of("kv", Map.of("path", "a", "version", 0)),
        "spec.registries[0].ref.kv.version must be");
    assertError(
        Map.of("kv", Map.of("path", "a", "version", "3")),
        "spec.registries[0].ref.kv.version must be a whole number");
    assertError(
        Map.of("kvV1", Map.of("path", "a")), "spec.registries[0].ref.kvV1.mount is required");
    assertError(
        Map.of("read", Map.of("path", "a", "mount", "b")),
        "spec.registries[0].ref.read.mount is not a vault setting");
    assertError(
        Map.of("kv", Map.of("path", "a"), "name", "x"),
        "spec.registries[0].ref.name is not a vault setting");
    assertError(
        Map.of("kv", Map.of("path", "a"), "dockerConfigKey", "cfg", "usernameKey", "u"),
        "spec.registries[0].ref.dockerConfigKey takes a whole docker config; drop spec.registries[0].ref.usernameKey");
  }

  private static void assertError(Map<String, Object> ref, String start) {
    assertThatThrownBy(() -> parse(ref))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageStartingWith(start);
  }

  private static VaultRef parse(Map<String, Object> ref) throws Exception {
    return VaultRef.parse(Settings.of("spec.registries[0].ref", ref));
  }
}
