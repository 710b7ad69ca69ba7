package io.pullwarden.plugin;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The decoded data of one Kubernetes Secret and its resourceVersion, which changes with every write
 * and so serves as a cheap version. {@link #toString()} shows keys only.
 */
public record SecretData(
    String namespace, String name, String resourceVersion, Map<String, byte[]> data) {

  public SecretData {
    data = Map.copyOf(data);
  }

  /** The value of {@code key} as UTF-8 text. */
  public Optional<String> text(String key) {
    byte[] value = data.get(key);
    return value == null
        ? Optional.empty()
        : Optional.of(new String(value, StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "SecretData["
        + namespace
        + "/"
        + name
        + ", rv="
        + resourceVersion
        + ", keys="
        + data.keySet()
        + "]";
  }
}
