package io.pullwarden.agent.fanout;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A namespace name, or a shell-style pattern of one, as {@code spec.namespaces.names}, {@code
 * spec.namespaces.exclude} take them (a CredentialSource's {@code targetNamespaces.names} do not:
 * they stay exact names, ADR 0020): {@code *} stands for any run of characters (none included) and
 * {@code ?} for exactly one; every other character stands for itself. Namespace names are DNS
 * labels (lower-case letters, digits, {@code -}), so no character needs escaping and there is
 * nothing else to learn: no classes, no alternatives, no regular expressions, whose cost and
 * surprises a selection that runs on every namespace event should not carry
 * (docs/adr/0020-secret-template-and-name-patterns.md). Matching allocates nothing and costs at
 * most name length × pattern length (63 × 63), which is why a list holds at most {@code
 * NamespaceSelection.MAX_PATTERNS} patterns.
 */
public final class NamespacePattern {

  /** What a name or pattern may hold: a DNS label in which {@code *} and {@code ?} may appear. */
  private static final Pattern SYNTAX = Pattern.compile("[a-z0-9*?]([-a-z0-9*?]{0,61}[a-z0-9*?])?");

  private final String text;

  private NamespacePattern(String text) {
    this.text = text;
  }

  /**
   * The pattern {@code text}.
   *
   * @throws IllegalArgumentException when {@code text} is neither a namespace name nor a pattern;
   *     the message says why, for a field name to be put in front of it
   */
  public static NamespacePattern of(String text) {
    problem(text)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    return new NamespacePattern(text);
  }

  /** Why {@code text} is neither a namespace name nor a pattern of one, or empty when it is one. */
  public static Optional<String> problem(String text) {
    if (text == null || SYNTAX.matcher(text).matches()) {
      return text == null ? Optional.of("is empty") : Optional.empty();
    }
    return Optional.of(
        "'"
            + text
            + "' is neither a namespace name nor a pattern of one: up to 63 lower-case letters,"
            + " digits and '-', starting and ending with a letter or digit, where '*' stands for"
            + " any characters and '?' for one (such as team-* or *-prod)");
  }

  /** True when {@code text} holds a wildcard, so it cannot be looked up as a name. */
  public static boolean isPattern(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
  }

  /** True when {@code name} is matched by this pattern. */
  public boolean matches(String name) {
    // The usual greedy walk with one backtrack point: the last '*' seen and where it matched up to.
    int p = 0;
    int n = 0;
    int star = -1;
    int resume = 0;
    while (n < name.length()) {
      if (p < text.length() && (text.charAt(p) == '?' || text.charAt(p) == name.charAt(n))) {
        p++;
        n++;
      } else if (p < text.length() && text.charAt(p) == '*') {
        star = p++;
        resume = n;
      } else if (star >= 0) {
        p = star + 1;
        n = ++resume;
      } else {
        return false;
      }
    }
    while (p < text.length() && text.charAt(p) == '*') {
      p++;
    }
    return p == text.length();
  }

  @Override
  public String toString() {
    return text;
  }
}
