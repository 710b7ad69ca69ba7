package io.pullwarden.plugin.testkit;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.pullwarden.plugin.ClusterSecrets;
import io.pullwarden.plugin.SecretData;
import io.pullwarden.plugin.SourceException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ClusterSecrets} on a real API server: every {@code get} is a GET, every {@code watch} a
 * watch on that one Secret (field selector on its name) that starts at the current resourceVersion,
 * so it reports changes made after the call and not the Secret's existing state. Open watches are
 * counted so tests can prove a session closed what it opened.
 */
final class ApiServerSecrets implements ClusterSecrets {

  private final KubernetesClient client;
  private final String agentNamespace;
  private final Set<Watch> openWatches = ConcurrentHashMap.newKeySet();

  ApiServerSecrets(KubernetesClient client, String agentNamespace) {
    this.client = client;
    this.agentNamespace = agentNamespace;
  }

  @Override
  public String agentNamespace() {
    return agentNamespace;
  }

  @Override
  public Optional<SecretData> get(String namespace, String name) throws SourceException {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw failure("reading Secret " + namespace + "/" + name, e);
    }
    if (secret == null) {
      return Optional.empty();
    }
    Map<String, byte[]> data = new HashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value)));
    }
    return Optional.of(
        new SecretData(namespace, name, secret.getMetadata().getResourceVersion(), data));
  }

  @Override
  public AutoCloseable watch(String namespace, String name, Runnable onChange)
      throws SourceException {
    try {
      var secrets = client.secrets().inNamespace(namespace).withField("metadata.name", name);
      String from = secrets.list().getMetadata().getResourceVersion();
      Watch watch =
          secrets.watch(
              new ListOptionsBuilder().withResourceVersion(from).build(), new Signal(onChange));
      openWatches.add(watch);
      return () -> {
        if (openWatches.remove(watch)) {
          watch.close();
        }
      };
    } catch (KubernetesClientException e) {
      throw failure("watching Secret " + namespace + "/" + name, e);
    }
  }

  int openWatches() {
    return openWatches.size();
  }

  void closeAll() {
    openWatches.forEach(Watch::close);
    openWatches.clear();
  }

  private static SourceException failure(String what, KubernetesClientException e) {
    String message = what + " failed with HTTP " + e.getCode();
    return e.getCode() == 401 || e.getCode() == 403
        ? new SourceException.AuthFailed(message, e)
        : new SourceException.Transient(message, e);
  }

  private record Signal(Runnable onChange) implements Watcher<Secret> {
    @Override
    public void eventReceived(Action action, Secret secret) {
      if (action != Action.BOOKMARK) {
        onChange.run();
      }
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
