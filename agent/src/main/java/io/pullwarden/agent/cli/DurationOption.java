package io.pullwarden.agent.cli;

import io.pullwarden.plugin.DurationText;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** A duration given on the command line, read once for every command that takes one. */
final class DurationOption {

  private DurationOption() {}

  /** {@code text} of {@code option} as a duration, or a usage error naming the option. */
  static Duration parse(CommandSpec spec, String option, String text) {
    try {
      return DurationText.parse(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }

  /**
   * As {@link #parse}, from {@code min} to {@code max} (named {@code minText} and {@code maxText}
   * in the error), or a usage error naming the option and both bounds.
   */
  static Duration within(
      CommandSpec spec,
      String option,
      String text,
      Duration min,
      String minText,
      Duration max,
      String maxText) {
    Duration value = parse(spec, option, text);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ParameterException(
          spec.commandLine(),
          option + " must be between " + minText + " and " + maxText + ", not " + text);
    }
    return value;
  }
}
