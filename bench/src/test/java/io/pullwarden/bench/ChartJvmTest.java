package io.pullwarden.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartJvmTest {

  @Test
  void turnsTheMemoryLimitIntoMaxRamFollowedByTheChartsJavaOpts(@TempDir Path dir)
      throws Exception {
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        """
        agent:
          javaOpts: "-XX:MaxRAMPercentage=40 -XX:+ExitOnOutOfMemoryError"
        resources:
          limits:
            memory: 320Mi
        """);

    assertThat(ChartJvm.javaOpts(values))
        .isEqualTo("-XX:MaxRAM=335544320 -XX:MaxRAMPercentage=40 -XX:+ExitOnOutOfMemoryError");
  }

  @Test
  void readsTheRealChart() {
    assertThat(ChartJvm.javaOpts(Path.of("..", "chart", "pullwarden", "values.yaml")))
        .startsWith("-XX:MaxRAM=");
  }

  @Test
  void namesAMissingValue(@TempDir Path dir) throws Exception {
    Path values = dir.resolve("values.yaml");
    Files.writeString(values, "agent:\n  javaOpts: \"\"\n");

    assertThatThrownBy(() -> ChartJvm.javaOpts(values))
        .hasMessageContaining("resources.limits.memory");
  }
}
