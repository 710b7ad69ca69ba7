package io.pullwarden.agent.dockerconfig;

/**
 * Go's {@code path/filepath.Match} on a single name without separators, which the kubelet applies
 * to each host label of an {@code auths} key: {@code *} any run of characters, {@code ?} one,
 * {@code [abc]}, {@code [a-z]} and {@code [^a-z]} a class, {@code \} escapes. A malformed pattern
 * matches nothing (Go returns an error, which the kubelet treats as no match).
 */
final class GoGlob {

  private GoGlob() {}

  static boolean matches(String pattern, String name) {
    try {
      return match(pattern, 0, name, 0);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private static boolean match(String pattern, int p, String name, int n) {
    while (p < pattern.length()) {
      char c = pattern.charAt(p);
      if (c == '*') {
        while (p < pattern.length() && pattern.charAt(p) == '*') {
          p++;
        }
        for (int rest = n; rest <= name.length(); rest++) {
          if (match(pattern, p, name, rest)) {
            return true;
          }
        }
        return false;
      }
      if (n >= name.length()) {
        validate(pattern, p);
        return false;
      }
      if (c == '?') {
        p++;
      } else if (c == '[') {
        int end = classEnd(pattern, p);
        if (!inClass(pattern.substring(p + 1, end), name.charAt(n))) {
          return false;
        }
        p = end + 1;
      } else {
        if (c == '\\') {
          p++;
          if (p >= pattern.length()) {
            throw new IllegalArgumentException("trailing backslash");
          }
          c = pattern.charAt(p);
        }
        if (c != name.charAt(n)) {
          return false;
        }
        p++;
      }
      n++;
    }
    return n == name.length();
  }

  /** Throws when the rest of the pattern is malformed, as Go checks it even after a mismatch. */
  private static void validate(String pattern, int p) {
    for (int i = p; i < pattern.length(); i++) {
      if (pattern.charAt(i) == '[') {
        i = classEnd(pattern, i);
      } else if (pattern.charAt(i) == '\\' && ++i >= pattern.length()) {
        throw new IllegalArgumentException("trailing backslash");
      }
    }
  }

  private static int classEnd(String pattern, int open) {
    int i = open + 1;
    if (i < pattern.length() && pattern.charAt(i) == '^') {
      i++;
    }
    boolean first = true;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == ']' && !first) {
        return i;
      }
      if (first && (c == ']' || c == '-')) {
        // Go's getEsc refuses a class that starts with ']' or '-'.
        throw new IllegalArgumentException("bad class");
      }
      if (c == '\\') {
        i++;
      }
      i++;
      first = false;
    }
    throw new IllegalArgumentException("unterminated class");
  }

  private static boolean inClass(String body, char c) {
    boolean negated = body.startsWith("^");
    int i = negated ? 1 : 0;
    boolean found = false;
    while (i < body.length()) {
      char low = body.charAt(i);
      if (low == '\\') {
        low = body.charAt(++i);
      }
      char high = low;
      if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
        high = body.charAt(i + 2);
        if (high == '\\') {
          high = body.charAt(i + 3);
          i++;
        }
        i += 2;
      }
      if (low <= c && c <= high) {
        found = true;
      }
      i++;
    }
    return found != negated;
  }
}
