package io.pullwarden.plugins.aws;

import io.pullwarden.plugin.ClusterSecrets;
import io.pullwarden.plugin.SecretData;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Secrets in memory, in the namespace {@code pullwarden}, for unit tests; watches do nothing. */
final class MapClusterSecrets implements ClusterSecrets {

  private final Map<String, SecretData> secrets = new HashMap<>();
  int reads;

  void put(String name, Map<String, String> data) {
    Map<String, byte[]> bytes = new HashMap<>();
    data.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
    secrets.put(name, new SecretData("pullwarden", name, "1", bytes));
  }

  @Override
  public String agentNamespace() {
    return "pullwarden";
  }

  @Override
  public Optional<SecretData> get(String namespace, String name) {
    reads++;
    return namespace.equals("pullwarden")
        ? Optional.ofNullable(secrets.get(name))
        : Optional.empty();
  }

  @Override
  public AutoCloseable watch(String namespace, String name, Runnable onChange) {
    return () -> {};
  }
}
