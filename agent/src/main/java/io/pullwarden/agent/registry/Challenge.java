package io.pullwarden.agent.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge of a registry (RFC 7235): its scheme, lower-cased, and its
 * parameters, such as {@code Bearer realm="https://auth.example.com/token",service="registry"}.
 * Parsed by hand because the JDK has no parser for it; quoted strings may hold commas and escaped
 * quotes.
 */
record Challenge(String scheme, Map<String, String> parameters) {

  /** The first challenge of a scheme the check understands (Basic or Bearer), in header order. */
  static Optional<Challenge> first(List<String> headers) {
    for (String header : headers) {
      Optional<Challenge> parsed = parse(header);
      if (parsed.isPresent()
          && (parsed.get().scheme().equals("basic") || parsed.get().scheme().equals("bearer"))) {
        return parsed;
      }
    }
    return Optional.empty();
  }

  /** The challenge in {@code header}, or empty when it is not one. */
  static Optional<Challenge> parse(String header) {
    String text = header.strip();
    int space = text.indexOf(' ');
    String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
    if (scheme.isEmpty() || !scheme.chars().allMatch(c -> c > ' ' && c != '=' && c != ',')) {
      return Optional.empty();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    int i = space < 0 ? text.length() : space + 1;
    while (i < text.length()) {
      while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ',')) {
        i++;
      }
      int equals = text.indexOf('=', i);
      if (equals < 0) {
        break;
      }
      String name = text.substring(i, equals).strip().toLowerCase(Locale.ROOT);
      i = equals + 1;
      StringBuilder value = new StringBuilder();
      if (i < text.length() && text.charAt(i) == '"') {
        i++;
        while (i < text.length() && text.charAt(i) != '"') {
          if (text.charAt(i) == '\\' && i + 1 < text.length()) {
            i++;
          }
          value.append(text.charAt(i++));
        }
        i++;
      } else {
        while (i < text.length() && text.charAt(i) != ',') {
          value.append(text.charAt(i++));
        }
      }
      parameters.putIfAbsent(name, value.toString().strip());
    }
    return Optional.of(new Challenge(scheme, Map.copyOf(parameters)));
  }

  Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name)).filter(v -> !v.isEmpty());
  }
}
