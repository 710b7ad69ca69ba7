package io.pullwarden.plugins.kubernetessecret;

import io.pullwarden.plugin.ClusterSecrets;
import io.pullwarden.plugin.SecretData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory {@link ClusterSecrets} that records watches, so unit tests need no API server. */
final class FakeClusterSecrets implements ClusterSecrets {

  /** One registered watch; {@code closed} turns true when the plugin closes it. */
  static final class FakeWatch implements AutoCloseable {
    final String namespace;
    final String name;
    final Runnable onChange;
    boolean closed;

    FakeWatch(String namespace, String name, Runnable onChange) {
      this.namespace = namespace;
      this.name = name;
      this.onChange = onChange;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final String agentNamespace;
  private final Map<String, SecretData> secrets = new HashMap<>();
  final List<FakeWatch> watches = new ArrayList<>();
  private int resourceVersion;

  FakeClusterSecrets(String agentNamespace) {
    this.agentNamespace = agentNamespace;
  }

  /** Creates or replaces a Secret with a new resourceVersion and tells its open watches. */
  SecretData put(String namespace, String name, Map<String, String> data) {
    Map<String, byte[]> bytes = new HashMap<>();
    data.forEach((key, value) -> bytes.put(key, value.getBytes(StandardCharsets.UTF_8)));
    return putBytes(namespace, name, bytes);
  }

  /** {@link #put} with raw values, which need not be UTF-8. */
  SecretData putBytes(String namespace, String name, Map<String, byte[]> bytes) {
    SecretData secret = new SecretData(namespace, name, String.valueOf(++resourceVersion), bytes);
    secrets.put(namespace + "/" + name, secret);
    watches.stream()
        .filter(w -> !w.closed && w.namespace.equals(namespace) && w.name.equals(name))
        .forEach(w -> w.onChange.run());
    return secret;
  }

  long openWatches() {
    return watches.stream().filter(w -> !w.closed).count();
  }

  @Override
  public String agentNamespace() {
    return agentNamespace;
  }

  @Override
  public Optional<SecretData> get(String namespace, String name) {
    return Optional.ofNullable(secrets.get(namespace + "/" + name));
  }

  @Override
  public AutoCloseable watch(String namespace, String name, Runnable onChange) {
    FakeWatch watch = new FakeWatch(namespace, name, onChange);
    watches.add(watch);
    return watch;
  }
}
