package io.pullwarden.agent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * How a subcommand logs. The agent ({@code run}) writes one JSON object per line to stdout for log
 * collectors; the tools ({@code plugins}, {@code render}) write plain lines to stderr, so that
 * their stdout carries only their result. The configurations live in {@code
 * io/pullwarden/agent/cli/logback-*.xml}.
 */
enum LogFormat {
  CONSOLE("logback-console.xml"),
  JSON("logback-json.xml");

  private final String resource;

  LogFormat(String resource) {
    this.resource = resource;
  }

  /** Replaces the logging configuration with this format at {@code level}. */
  void apply(LogLevelOption.Level level) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return; // another SLF4J binding is in charge; leave it alone
    }
    URL configuration = LogFormat.class.getResource(resource);
    context.reset();
    // Full stack traces only when debugging; otherwise one line per exception keeps stderr short.
    boolean debugging = level == LogLevelOption.Level.DEBUG || level == LogLevelOption.Level.TRACE;
    context.putProperty("stackTrace", debugging ? "full" : "short");
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(configuration);
    } catch (JoranException e) {
      throw new IllegalStateException("Broken logging configuration " + configuration, e);
    }
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level.name()));
  }
}
