package io.pullwarden.plugin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of a JSON object from a custom resource — a CredentialSource's {@code
 * spec.config} or a registry's {@code ref} — that knows where it sits in the resource. Accessors
 * that fail throw {@link SourceException.InvalidConfig} naming the full field path (for example
 * {@code spec.config.auth.kubernetes.role}) and what was expected, so a plugin's errors point the
 * user at the line to fix without the plugin spelling out paths itself.
 */
public final class Settings {

  private final String path;
  private final Map<String, Object> values;

  private Settings(String path, Map<String, Object> values) {
    this.path = path;
    this.values = values;
  }

  /** Wraps {@code values} (maps, lists, strings, numbers, booleans) found at {@code path}. */
  public static Settings of(String path, Map<String, ?> values) {
    Objects.requireNonNull(path, "path");
    return new Settings(path, values == null ? Map.of() : new LinkedHashMap<>(values));
  }

  /** Where this object sits in its resource, such as {@code spec.config}. */
  public String path() {
    return path;
  }

  /** The full path of {@code key} in this object, for messages. */
  public String field(String key) {
    return path + "." + key;
  }

  public Set<String> keys() {
    return values.keySet();
  }

  public boolean has(String key) {
    return values.get(key) != null;
  }

  public Optional<String> string(String key) throws SourceException.InvalidConfig {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String text) {
      return text.isBlank() ? Optional.empty() : Optional.of(text);
    }
    throw wrongType(key, "a string");
  }

  public String requiredString(String key) throws SourceException.InvalidConfig {
    return string(key)
        .orElseThrow(() -> new SourceException.InvalidConfig(field(key) + " is required"));
  }

  public Optional<Settings> object(String key) throws SourceException.InvalidConfig {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), v));
      return Optional.of(new Settings(field(key), copy));
    }
    throw wrongType(key, "an object");
  }

  public Settings requiredObject(String key) throws SourceException.InvalidConfig {
    return object(key)
        .orElseThrow(() -> new SourceException.InvalidConfig(field(key) + " is required"));
  }

  public boolean bool(String key, boolean defaultValue) throws SourceException.InvalidConfig {
    Object value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    throw wrongType(key, "true or false");
  }

  public Optional<Long> integer(String key) throws SourceException.InvalidConfig {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Number number && number.doubleValue() == number.longValue()) {
      return Optional.of(number.longValue());
    }
    throw wrongType(key, "a whole number");
  }

  /** A duration written as Kubernetes does, such as {@code 90s}, {@code 5m} or {@code 1h30m}. */
  public Optional<Duration> duration(String key) throws SourceException.InvalidConfig {
    Optional<String> text = string(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(DurationText.parse(text.get()));
    } catch (IllegalArgumentException e) {
      throw new SourceException.InvalidConfig(field(key) + ": " + e.getMessage());
    }
  }

  /** The underlying values, for plugins that hand a whole object on. */
  public Map<String, Object> asMap() {
    return Map.copyOf(values);
  }

  private SourceException.InvalidConfig wrongType(String key, String expected) {
    return new SourceException.InvalidConfig(
        field(key) + " must be " + expected + ", not " + describe(values.get(key)));
  }

  private static String describe(Object value) {
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof Iterable<?>) {
      return "a list";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    return value instanceof Boolean ? "a boolean" : value.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    return "Settings[" + path + ", keys=" + values.keySet() + "]";
  }
}
