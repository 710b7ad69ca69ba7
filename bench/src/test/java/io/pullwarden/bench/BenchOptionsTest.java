package io.pullwarden.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void theStorePhaseRunsByDefaultAtTheAgentsDefaultAndTwoSeconds() {
    BenchOptions options = BenchOptions.parse("--agent-java-opts", "-Xmx64m");

    assertThat(options.storePhase()).isTrue();
    assertThat(options.refreshIntervals())
        .containsExactly(new RefreshSetting(null), new RefreshSetting("2s"));
    assertThat(options.storeRotations()).isEqualTo(5);
  }

  @Test
  void theStorePhaseCanBeSkippedOrGivenOtherIntervals() {
    BenchOptions options =
        BenchOptions.parse(
            "--agent-java-opts",
            "-Xmx64m",
            "--store-phase",
            "false",
            "--refresh-intervals",
            "5s,default",
            "--store-rotations",
            "2");

    assertThat(options.storePhase()).isFalse();
    assertThat(options.refreshIntervals())
        .isEqualTo(List.of(new RefreshSetting("5s"), new RefreshSetting(null)));
    assertThat(options.storeRotations()).isEqualTo(2);
    assertThatThrownBy(
            () -> BenchOptions.parse("--agent-java-opts", "-Xmx64m", "--store-phase", "no"))
        .hasMessageContaining("--store-phase takes true or false");
    assertThatThrownBy(
            () -> BenchOptions.parse("--agent-java-opts", "-Xmx64m", "--store-rotations", "0"))
        .hasMessageContaining("counts must be positive");
  }
}
