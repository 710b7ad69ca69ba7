package io.pullwarden.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private final Settings config =
      Settings.of(
          "spec.config",
          Map.of(
              "address",
              "https://vault:8200",
              "auth",
              Map.of("kubernetes", Map.of("role", "pullwarden")),
              "port",
              8200,
              "skipVerify",
              true,
              "renewAt",
              "45s",
              "list",
              List.of("a")));

  @Test
  void readsNestedValuesAndKnowsTheirPath() throws Exception {
    Settings kubernetes = config.requiredObject("auth").requiredObject("kubernetes");

    assertThat(kubernetes.path()).isEqualTo("spec.config.auth.kubernetes");
    assertThat(kubernetes.requiredString("role")).isEqualTo("pullwarden");
    assertThat(config.integer("port")).contains(8200L);
    assertThat(config.bool("skipVerify", false)).isTrue();
    assertThat(config.bool("absent", true)).isTrue();
    assertThat(config.duration("renewAt")).contains(Duration.ofSeconds(45));
  }

  @Test
  void missingFieldIsNamedWithItsFullPath() throws Exception {
    Settings kubernetes = config.requiredObject("auth").requiredObject("kubernetes");

    assertThatThrownBy(() -> kubernetes.requiredString("mount"))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessage("spec.config.auth.kubernetes.mount is required");
  }

  @Test
  void wrongTypeSaysWhatWasExpectedAndWhatWasFound() {
    assertThatThrownBy(() -> config.string("auth"))
        .hasMessage("spec.config.auth must be a string, not an object");
    assertThatThrownBy(() -> config.bool("address", false))
        .hasMessage("spec.config.address must be true or false, not a string");
    assertThatThrownBy(() -> config.object("list"))
        .hasMessage("spec.config.list must be an object, not a list");
    assertThatThrownBy(() -> config.duration("address"))
        .hasMessageStartingWith("spec.config.address: '");
  }
}
