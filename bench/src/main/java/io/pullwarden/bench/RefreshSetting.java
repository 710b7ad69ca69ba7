package io.pullwarden.bench;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One refresh interval the store phase measures: as written into the PullSecretSync, or {@code
 * default}, which leaves {@code refreshInterval} out so that the built agent's own default applies
 * (whatever it is when the benchmark runs).
 *
 * @param spec the sync's {@code refreshInterval}, or null for the default
 */
record RefreshSetting(String spec) {

  private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m|h)");

  /** {@code default}, or an interval such as {@code 2s}, {@code 1m}, {@code 500ms}. */
  static RefreshSetting parse(String text) {
    String value = text.strip();
    if (value.equals("default")) {
      return new RefreshSetting(null);
    }
    if (!INTERVAL.matcher(value).matches() || duration(value).isZero()) {
      throw new IllegalArgumentException(
          "--refresh-intervals takes default or intervals such as 2s or 1m, not " + text);
    }
    return new RefreshSetting(value);
  }

  boolean isDefault() {
    return spec == null;
  }

  /** The interval written, or null for the default (the store phase reads it back). */
  Duration written() {
    return spec == null ? null : duration(spec);
  }

  /** How the results name it: {@code 2s}, or {@code default (10s)} with the effective interval. */
  String label(String effective) {
    return spec != null ? spec : "default (" + (effective == null ? "?" : effective) + ")";
  }

  static Duration duration(String interval) {
    Matcher m = INTERVAL.matcher(interval);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an interval: " + interval);
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}
