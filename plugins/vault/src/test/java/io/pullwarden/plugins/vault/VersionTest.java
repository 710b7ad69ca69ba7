package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.CredentialSecret.DockerConfigJson;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.SourceException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link KvVersion} and {@link ContentVersion}: what the agent compares to notice a change. */
class VersionTest {

  private static final Map<String, Object> METADATA =
      Map.of(
          "current_version",
          3L,
          "versions",
          Map.of(
              "2", Map.of("created_time", "t2", "deletion_time", "", "destroyed", false),
              "3", Map.of("created_time", "t3", "deletion_time", "", "destroyed", false)));

  @Test
  void kvVersionIsTheNumberAndWhenItWasWrittenAlikeFromMetadataAndData() throws Exception {
    assertThat(KvVersion.fromMetadata(METADATA, OptionalLong.empty(), "s")).isEqualTo("3@t3");
    assertThat(KvVersion.fromMetadata(METADATA, OptionalLong.of(2), "s")).isEqualTo("2@t2");
    assertThat(KvVersion.fromData(Map.of("version", 3L, "created_time", "t3"))).isEqualTo("3@t3");
  }

  @Test
  void deletedDestroyedOrMissingVersionsAreNotFound() {
    Map<String, Object> deleted =
        Map.of(
            "current_version",
            1L,
            "versions",
            Map.of("1", Map.of("created_time", "t1", "deletion_time", "t9")));
    assertThatThrownBy(() -> KvVersion.fromMetadata(deleted, OptionalLong.empty(), "secret 'a'"))
        .isInstanceOf(SourceException.NotFound.class)
        .hasMessage("secret 'a' version 1 is deleted; write a new version or undelete it");
    Map<String, Object> destroyed =
        Map.of("current_version", 1L, "versions", Map.of("1", Map.of("destroyed", true)));
    assertThatThrownBy(() -> KvVersion.fromMetadata(destroyed, OptionalLong.empty(), "s"))
        .isInstanceOf(SourceException.NotFound.class);
    assertThatThrownBy(() -> KvVersion.fromMetadata(METADATA, OptionalLong.of(7), "secret 'a'"))
        .hasMessage("secret 'a' has no version 7");
    assertThatThrownBy(() -> KvVersion.fromMetadata(Map.of(), OptionalLong.empty(), "secret 'a'"))
        .hasMessage("secret 'a' has no version yet");
  }

  @Test
  void contentVersionFollowsTheMappedMaterialOnlyAndHidesIt() {
    ContentVersion versions = new ContentVersion();
    UsernamePassword login = new UsernamePassword("robot", "hunter2-value");
    String version = versions.of(login, Optional.empty());

    assertThat(versions.of(new UsernamePassword("robot", "hunter2-value"), Optional.empty()))
        .isEqualTo(version);
    assertThat(versions.of(new UsernamePassword("robot", "hunter3-value"), Optional.empty()))
        .isNotEqualTo(version);
    assertThat(versions.of(new UsernamePassword("robo", "thunter2-value"), Optional.empty()))
        .isNotEqualTo(version);
    assertThat(versions.of(login, Optional.of("ghcr.io"))).isNotEqualTo(version);
    assertThat(versions.of(new DockerConfigJson("{}"), Optional.empty())).isNotEqualTo(version);
    assertThat(version).startsWith("hmac:").doesNotContain("hunter2").doesNotContain("robot");
    assertThat(new ContentVersion().of(login, Optional.empty()))
        .as("another session's key")
        .isNotEqualTo(version);
  }
}
