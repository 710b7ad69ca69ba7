package io.pullwarden.agent.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --log-level} option, which falls back to {@code $PULLWARDEN_LOG_LEVEL} so that a
 * Deployment can change the level without changing the container's arguments.
 */
final class LogLevelOption {

  /** The levels an operator can ask for, from most to least verbose. */
  enum Level {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    OFF
  }

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "${env:PULLWARDEN_LOG_LEVEL}",
      description = "One of ${COMPLETION-CANDIDATES} (any case). Default: $PULLWARDEN_LOG_LEVEL.")
  private Level level;

  /** The requested level, or {@code fallback} when neither the option nor the variable is set. */
  Level or(Level fallback) {
    return level != null ? level : fallback;
  }
}
