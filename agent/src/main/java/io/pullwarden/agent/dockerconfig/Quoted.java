package io.pullwarden.agent.dockerconfig;

/**
 * Renders a value taken from a spec or a store for a status message: control characters become
 * {@code U+XXXX}, long values are cut, and a server with {@code @} (which may carry {@code
 * user:password@}) is not shown at all. Never used for credentials, which are never shown.
 */
final class Quoted {

  private static final int MAX_SHOWN = 80;

  private Quoted() {}

  /** {@code "value"}, escaped and cut, or a placeholder when it may hold a login. */
  static String server(String value) {
    if (value.indexOf('@') >= 0) {
      return "(not shown: it contains '@')";
    }
    return text(value);
  }

  /** {@code "value"}, escaped and cut to a readable length. */
  static String text(String value) {
    StringBuilder shown = new StringBuilder("\"");
    int count = 0;
    for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
      if (count++ == MAX_SHOWN) {
        return shown.append("…\" (").append(value.length()).append(" characters)").toString();
      }
      int c = value.codePointAt(i);
      if (c >= 0x20 && c < 0x7f) {
        shown.appendCodePoint(c);
      } else if (Character.isLetterOrDigit(c)) {
        shown.appendCodePoint(c);
      } else {
        shown.append(codePoint(c));
      }
    }
    return shown.append('"').toString();
  }

  /** A character named so it is visible in a message: {@code a space}, {@code U+000A}. */
  static String codePoint(int c) {
    return c == ' ' ? "a space" : String.format("U+%04X", c);
  }
}
