package io.pullwarden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogFormatTest {

  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    LogFormat.CONSOLE.apply(LogLevelOption.Level.WARN);
  }

  @Test
  void jsonWritesOneObjectPerLineToStdoutWithoutTheRawArguments() {
    ByteArrayOutputStream out = capture(true);
    LogFormat.JSON.apply(LogLevelOption.Level.INFO);
    Logger log = LoggerFactory.getLogger("io.pullwarden.test");

    log.info("synced {} namespaces", 3, "an-extra-argument-not-in-the-message");
    log.debug("not at INFO");

    String line = out.toString(StandardCharsets.UTF_8).strip();
    assertThat(line).hasLineCount(1).startsWith("{").endsWith("}");
    assertThat(line)
        .contains("\"level\":\"INFO\"")
        .contains("\"loggerName\":\"io.pullwarden.test\"")
        .contains("\"formattedMessage\":\"synced 3 namespaces\"")
        .doesNotContain("an-extra-argument-not-in-the-message")
        .doesNotContain("\"arguments\"");
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
