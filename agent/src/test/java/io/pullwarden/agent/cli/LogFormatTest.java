package io.pullwarden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pullwarden.agent.source.PluginFault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    MDC.clear();
    LogFormat.CONSOLE.apply(LogLevelOption.Level.WARN);
  }

  @Test
  void jsonWritesOneEcsObjectPerLineWithTheSyncNamespaceAndSourceAsFields() throws Exception {
    ByteArrayOutputStream out = capture(true);
    LogFormat.JSON.apply(LogLevelOption.Level.INFO);
    Logger log = LoggerFactory.getLogger("io.pullwarden.test");

    try (var sync = MDC.putCloseable("sync", "example");
        var ns = MDC.putCloseable("namespace", "team-a");
        var source = MDC.putCloseable("source", "vault-prod")) {
      log.info("synced {} namespaces", 3, "an-extra-argument-not-in-the-message");
    }
    log.warn("no context");
    log.debug("not at INFO");

    List<JsonNode> lines = lines(out);
    assertThat(lines).hasSize(2);
    JsonNode first = lines.get(0);
    assertThat(first.path("message").asText()).isEqualTo("synced 3 namespaces");
    assertThat(first.path("log.level").asText()).isEqualTo("INFO");
    assertThat(first.path("log.logger").asText()).isEqualTo("io.pullwarden.test");
    assertThat(first.path("sync").asText()).isEqualTo("example");
    assertThat(first.path("namespace").asText()).isEqualTo("team-a");
    assertThat(first.path("source").asText()).isEqualTo("vault-prod");
    assertThat(first.path("service.name").asText()).isEqualTo("pullwarden");
    String timestamp = first.path("@timestamp").asText();
    assertThat(timestamp).as("ISO 8601 in UTC").endsWith("Z");
    assertThat(Instant.parse(timestamp)).isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(first.toString()).doesNotContain("an-extra-argument-not-in-the-message");
    JsonNode second = lines.get(1);
    assertThat(second.path("log.level").asText()).isEqualTo("WARN");
    assertThat(second.has("sync")).as("MDC keys only where set").isFalse();
  }

  @Test
  void aPluginExceptionsMessageNeverReachesTheJsonLogEvenWithItsStackAtDebug() throws Exception {
    ByteArrayOutputStream out = capture(true);
    LogFormat.JSON.apply(LogLevelOption.Level.DEBUG);
    Logger log = LoggerFactory.getLogger("io.pullwarden.agent.source.PluginCalls");
    RuntimeException thrown =
        new IllegalStateException(
            "login failed for https://robot:hunter2@vault.test",
            new RuntimeException("token hunter2 rejected"));
    thrown.addSuppressed(new IllegalArgumentException("hunter2 suppressed"));
    PluginFault fault = new PluginFault.Threw("vault", "fetch", thrown);

    // What the agent logs for a fault (PluginCalls.log): one WARN line, the stack at DEBUG.
    log.warn("CredentialSource {}: {}", "vault-prod", fault.getMessage());
    log.debug("CredentialSource {}: where the {} plugin failed", "vault-prod", "vault", fault);

    String written = out.toString(StandardCharsets.UTF_8);
    List<JsonNode> lines = lines(out);
    assertThat(lines).hasSize(2);
    JsonNode debug = lines.get(1);
    assertThat(debug.path("error.type").asText()).endsWith("PluginFault$Threw");
    assertThat(debug.path("error.stack_trace").asText())
        .contains("java.lang.IllegalStateException (message not shown)")
        .contains("java.lang.RuntimeException (message not shown)");
    assertThat(written).doesNotContain("hunter2");
  }

  @Test
  void consoleWritesPlainLinesToStderrAtTheRequestedLevel() {
    ByteArrayOutputStream err = capture(false);
    LogFormat.CONSOLE.apply(LogLevelOption.Level.DEBUG);
    Logger log = LoggerFactory.getLogger("io.pullwarden.test");

    log.debug("loading {}", "plugins");
    log.trace("not at DEBUG");

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("DEBUG test - loading plugins")
        .doesNotContain("not at DEBUG")
        .hasLineCount(1);
  }

  /** Every line of {@code out}, each parsed as one JSON object (fails on anything else). */
  private static List<JsonNode> lines(ByteArrayOutputStream out) throws Exception {
    List<JsonNode> parsed = new java.util.ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      JsonNode node = JSON.readTree(line);
      assertThat(node.isObject()).as(line).isTrue();
      parsed.add(node);
    }
    return parsed;
  }

  private ByteArrayOutputStream capture(boolean stdout) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    if (stdout) {
      System.setOut(stream);
    } else {
      System.setErr(stream);
    }
    return buffer;
  }
}
