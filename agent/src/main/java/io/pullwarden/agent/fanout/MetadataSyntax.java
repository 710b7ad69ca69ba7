package io.pullwarden.agent.fanout;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules the API server applies to label and annotation keys and values (k8s.io/apimachinery's
 * {@code IsQualifiedName}, {@code IsValidLabelValue} and {@code ValidateAnnotations}), so that a
 * template the API server would refuse on every write is reported once, by field, before anything
 * is written.
 */
final class MetadataSyntax {

  /** The API server's limit on the total size of a object's annotation keys and values. */
  static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;

  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private MetadataSyntax() {}

  /**
   * Why {@code key} is not a qualified name ({@code [prefix/]name}: a DNS subdomain of up to 253
   * characters, then a name of up to 63), or empty when it is one.
   */
  static Optional<String> keyProblem(String key) {
    String[] parts = key.split("/", -1);
    String name = parts[parts.length - 1];
    if (parts.length > 2) {
      return Optional.of("has more than one '/'");
    }
    if (parts.length == 2
        && (parts[0].isEmpty()
            || parts[0].length() > 253
            || !DNS_SUBDOMAIN.matcher(parts[0]).matches())) {
      return Optional.of(
          "has a prefix that is not a DNS subdomain (lower-case letters, digits, '-' and '.', up"
              + " to 253 characters, such as example.com)");
    }
    if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
      return Optional.of(
          "has a name part that is not 1-63 letters, digits, '-', '_' and '.', starting and"
              + " ending with a letter or digit");
    }
    return Optional.empty();
  }

  /** As {@link #keyProblem}, for an annotation key, which the API server checks lower-cased. */
  static Optional<String> annotationKeyProblem(String key) {
    return keyProblem(key.toLowerCase(Locale.ROOT));
  }

  /** Why {@code value} is not a label value, or empty when it is one. */
  static Optional<String> labelValueProblem(String value) {
    if (value == null) {
      return Optional.of("has no value");
    }
    if (value.length() > 63 || !(value.isEmpty() || NAME.matcher(value).matches())) {
      return Optional.of(
          "has a value that is not up to 63 letters, digits, '-', '_' and '.', starting and ending"
              + " with a letter or digit");
    }
    return Optional.empty();
  }

  /** The size the API server counts for {@code annotations}: every key and value, in bytes. */
  static long annotationsBytes(Map<String, String> annotations) {
    long total = 0;
    for (Map.Entry<String, String> entry : annotations.entrySet()) {
      total += entry.getKey().getBytes(StandardCharsets.UTF_8).length;
      total +=
          entry.getValue() == null ? 0 : entry.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    return total;
  }
}
