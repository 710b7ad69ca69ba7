package io.pullwarden.agent.dockerconfig;

import java.util.Optional;

/**
 * What a username and password must be to work as a registry login once written as {@code auth =
 * base64(username:password)}: both present and not blank, no control characters, no U+FFFD (what a
 * lenient decoder makes of bytes that are not UTF-8, so the store holds something else than the
 * registry expects), and no ':' in the username, since the registry splits {@code auth} at the
 * first one. Reasons name the part at fault, never its content.
 */
final class RegistryLogin {

  private RegistryLogin() {}

  /** Why this login cannot work, starting with a verb; empty when it can. */
  static Optional<String> problem(String username, String password) {
    return partProblem("username", username)
        .or(() -> partProblem("password", password))
        .or(
            () ->
                username.indexOf(':') >= 0
                    ? Optional.of(
                        "has ':' in its username; the registry splits username:password at the"
                            + " first ':', so use a username without one")
                    : Optional.empty());
  }

  private static Optional<String> partProblem(String part, String value) {
    if (value.isBlank()) {
      return Optional.of("has an empty " + part + "; store a non-blank one");
    }
    if (value.indexOf('\uFFFD') >= 0) {
      return Optional.of(
          "has U+FFFD in its "
              + part
              + ", which is what bytes that are not valid UTF-8 become; store the "
              + part
              + " as UTF-8 text");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      return Optional.of(
          "has a control character in its "
              + part
              + " (such as a trailing newline); store the "
              + part
              + " without it");
    }
    return Optional.empty();
  }
}
