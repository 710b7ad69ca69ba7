package io.pullwarden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentNamespaceTest {

  @TempDir Path dir;

  @Test
  void theDownwardApiVariableWins() throws Exception {
    Path file = Files.writeString(dir.resolve("namespace"), "from-file");

    assertThat(AgentNamespace.detect(Map.of("POD_NAMESPACE", "from-env"), file))
        .contains("from-env");
  }

  @Test
  void theServiceAccountFileIsTheFallback() throws Exception {
    Path file = Files.writeString(dir.resolve("namespace"), "pullwarden-system\n");

    assertThat(AgentNamespace.detect(Map.of("POD_NAMESPACE", " "), file))
        .contains("pullwarden-system");
  }

  @Test
  void outsideAClusterThereIsNone() {
    assertThat(AgentNamespace.detect(Map.of(), dir.resolve("absent"))).isEmpty();
  }
}
