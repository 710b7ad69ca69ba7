package io.pullwarden.agent.diagnose;

import io.pullwarden.agent.dockerconfig.KubeletKeyring;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Why no auths key matched an image, told by the key that came closest: the same host on another
 * port, the same host and port limited to another path, or another host. Which key matches is
 * {@link KubeletKeyring}'s business; this only explains a miss in the user's words.
 *
 * @param key the closest auths key, as written
 * @param difference what differs, in a sentence
 */
record KeyMismatch(String key, String difference) {

  /** The closest of {@code keys} to {@code image}'s registry; empty when there are no keys. */
  static Optional<KeyMismatch> closest(Collection<String> keys, String image) {
    Place wanted = Place.of(KubeletKeyring.repository(image));
    return keys.stream()
        .map(key -> explain(key, Place.of(key), wanted))
        .min(Comparator.comparingInt(Scored::score))
        .map(Scored::mismatch);
  }

  private static Scored explain(String key, Place have, Place wanted) {
    if (have.host().equals(wanted.host()) && !have.port().equals(wanted.port())) {
      return new Scored(
          0,
          new KeyMismatch(
              key,
              "the port differs: the key has "
                  + have.portText()
                  + ", the image "
                  + wanted.portText()
                  + " (the port must match exactly)"));
    }
    if (have.host().equals(wanted.host())) {
      return new Scored(
          1,
          new KeyMismatch(
              key,
              "the path differs: the key covers only "
                  + have.host()
                  + have.path()
                  + "…, the image is "
                  + wanted.host()
                  + wanted.path()));
    }
    return new Scored(
        2 + distance(have.host(), wanted.host()),
        new KeyMismatch(
            key,
            "the host differs: the key is for "
                + have.hostPort()
                + ", the image is on "
                + wanted.hostPort()));
  }

  private record Scored(int score, KeyMismatch mismatch) {}

  /** Host, port and path of a key or repository, the scheme and a /v1/ or /v2/ path dropped. */
  private record Place(String host, String port, String path) {
    static Place of(String text) {
      String rest = text.strip().replaceFirst("^https?://", "");
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "" : rest.substring(slash);
      if (path.startsWith("/v1/") || path.startsWith("/v2/") || path.equals("/")) {
        path = path.length() <= 4 ? "" : path.substring(3);
      }
      int colon = authority.lastIndexOf(':');
      return colon < 0
          ? new Place(authority, "", path)
          : new Place(authority.substring(0, colon), authority.substring(colon + 1), path);
    }

    String portText() {
      return port.isEmpty() ? "no port" : "port " + port;
    }

    String hostPort() {
      return port.isEmpty() ? host : host + ":" + port;
    }
  }

  /**
   * The longest host compared: a DNS name has at most 253 characters, and keys and images come from
   * tenants, so a longer one must not cost quadratic time.
   */
  static final int LONGEST_HOST = 253;

  /**
   * Levenshtein distance, so a typo ranks above an unrelated host; of the first {@link
   * #LONGEST_HOST} characters of each.
   */
  private static int distance(String longA, String longB) {
    String a = longA.substring(0, Math.min(longA.length(), LONGEST_HOST));
    String b = longB.substring(0, Math.min(longB.length(), LONGEST_HOST));
    int[] previous = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int[] current = new int[b.length() + 1];
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      previous = current;
    }
    return previous[b.length()];
  }
}
