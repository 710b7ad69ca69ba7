package io.pullwarden.plugin.testkit;

import io.pullwarden.plugin.ClusterSecrets;
import io.pullwarden.plugin.SecretData;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ClusterSecrets} in memory, for plugin tests that need no API server: a test puts and
 * deletes Secrets, each change gets a new resourceVersion and runs the callbacks of the watches
 * open on that Secret, as the agent's watch would. Thread-safe, so a plugin may read from its own
 * threads. Unlike the agent, it serves every Secret: the {@code pullwarden.io/credential-sources}
 * marking is the agent's check, not the plugin's.
 */
public final class InMemorySecrets implements ClusterSecrets {

  private record Watch(String namespace, String name, Runnable onChange) {}

  private final String agentNamespace;
  private final Map<String, SecretData> secrets = new ConcurrentHashMap<>();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final AtomicLong resourceVersion = new AtomicLong();

  public InMemorySecrets(String agentNamespace) {
    this.agentNamespace = agentNamespace;
  }

  /** Creates or replaces a Secret of UTF-8 text values and tells the watches open on it. */
  public SecretData put(String namespace, String name, Map<String, String> data) {
    Map<String, byte[]> bytes = new HashMap<>();
    data.forEach((key, value) -> bytes.put(key, value.getBytes(StandardCharsets.UTF_8)));
    return putBytes(namespace, name, bytes);
  }

  /** {@link #put} with raw values, which need not be UTF-8. */
  public SecretData putBytes(String namespace, String name, Map<String, byte[]> data) {
    SecretData secret =
        new SecretData(
            namespace, name, String.valueOf(resourceVersion.incrementAndGet()), Map.copyOf(data));
    secrets.put(key(namespace, name), secret);
    notify(namespace, name);
    return secret;
  }

  /** Deletes a Secret, if it exists, and tells the watches open on it. */
  public void delete(String namespace, String name) {
    if (secrets.remove(key(namespace, name)) != null) {
      notify(namespace, name);
    }
  }

  /** Watches opened and not yet closed. */
  public int openWatches() {
    return watches.size();
  }

  @Override
  public String agentNamespace() {
    return agentNamespace;
  }

  @Override
  public Optional<SecretData> get(String namespace, String name) {
    return Optional.ofNullable(secrets.get(key(namespace, name)));
  }

  @Override
  public AutoCloseable watch(String namespace, String name, Runnable onChange) {
    Watch watch = new Watch(namespace, name, onChange);
    watches.add(watch);
    return () -> watches.remove(watch);
  }

  private void notify(String namespace, String name) {
    for (Watch watch : watches) {
      if (watch.namespace().equals(namespace) && watch.name().equals(name)) {
        watch.onChange().run();
      }
    }
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
