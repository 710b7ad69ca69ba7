package io.pullwarden.plugin;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations the way Kubernetes users write them ({@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h30m}, {@code 2d}), so every field that takes a duration — a sync's refreshInterval, a
 * plugin's renewal settings — reads the same.
 */
public final class DurationText {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private DurationText() {}

  /**
   * @throws IllegalArgumentException naming the expected form when {@code text} is not one
   */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    Matcher matcher = PART.matcher(trimmed);
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      long amount = Long.parseLong(matcher.group(1));
      total =
          total.plus(
              switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
      end = matcher.end();
    }
    if (trimmed.isEmpty() || end != trimmed.length()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write it like 30s, 5m, 1h30m or 2d");
    }
    return total;
  }
}
