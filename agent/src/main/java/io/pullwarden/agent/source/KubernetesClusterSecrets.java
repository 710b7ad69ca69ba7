package io.pullwarden.agent.source;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.pullwarden.plugin.ClusterSecrets;
import io.pullwarden.plugin.SecretData;
import io.pullwarden.plugin.SourceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ClusterSecrets} over the agent's Kubernetes client, for the session of one
 * CredentialSource: it serves only Secrets marked for that source ({@link SecretAccess}). A watch
 * is an informer on the one named Secret (a field selector on its name), so it survives reconnects
 * and never lists other Secrets; while it runs, reads of that Secret come from its cache, so a
 * refresh that checks the Secret's version costs no API request.
 */
public final class KubernetesClusterSecrets implements ClusterSecrets {

  private final KubernetesClient client;
  private final String agentNamespace;
  private final String source;

  /** The most Secrets one source may watch at once. */
  static final int MAX_WATCHES = 100;

  private final Map<String, SharedIndexInformer<Secret>> watching = new ConcurrentHashMap<>();

  /**
   * @param source the CredentialSource whose plugin reads through this
   */
  public KubernetesClusterSecrets(KubernetesClient client, String agentNamespace, String source) {
    this.client = client;
    this.agentNamespace = agentNamespace;
    this.source = source;
  }

  @Override
  public String agentNamespace() {
    return agentNamespace;
  }

  @Override
  public Optional<SecretData> get(String namespace, String name) throws SourceException {
    try {
      SharedIndexInformer<Secret> informer = watching.get(namespace + "/" + name);
      Secret secret =
          informer != null && informer.isWatching()
              ? informer.getStore().getByKey(namespace + "/" + name)
              : client.secrets().inNamespace(namespace).withName(name).get();
      if (secret == null) {
        return Optional.empty();
      }
      Optional<String> refused = SecretAccess.refusal(source, secret);
      if (refused.isPresent()) {
        throw new SourceException.InvalidConfig(refused.get());
      }
      return Optional.of(toData(secret));
    } catch (KubernetesClientException e) {
      throw translate(namespace, name, e);
    }
  }

  /** Calls {@code onChange} for changes after this call; the Secret as it is now does not count. */
  @Override
  public AutoCloseable watch(String namespace, String name, Runnable onChange)
      throws SourceException {
    // Checked before the watch starts: an informer caches the Secret it watches, so an unmarked
    // one must not be watched at all; a Secret that does not exist yet may be (its creation is
    // then noticed), up to a bound per source, so that a sync's refs cannot open watches without
    // end.
    Secret current = read(namespace, name);
    if (current != null) {
      Optional<String> refused = SecretAccess.refusal(source, current);
      if (refused.isPresent()) {
        throw new SourceException.InvalidConfig(refused.get());
      }
    }
    if (watching.size() >= MAX_WATCHES) {
      throw new SourceException.InvalidConfig(
          "CredentialSource "
              + source
              + " already watches "
              + MAX_WATCHES
              + " Secrets, the most one source may; split its registries over several sources");
    }
    String initialVersion = current == null ? null : current.getMetadata().getResourceVersion();
    try {
      SharedIndexInformer<Secret> informer =
          client
              .secrets()
              .inNamespace(namespace)
              .withField("metadata.name", name)
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Secret secret) {
                      if (!secret.getMetadata().getResourceVersion().equals(initialVersion)) {
                        onChange.run();
                      }
                    }

                    @Override
                    public void onUpdate(Secret before, Secret after) {
                      if (!before
                          .getMetadata()
                          .getResourceVersion()
                          .equals(after.getMetadata().getResourceVersion())) {
                        onChange.run();
                      }
                    }

                    @Override
                    public void onDelete(Secret secret, boolean finalStateUnknown) {
                      onChange.run();
                    }
                  });
      String key = namespace + "/" + name;
      watching.put(key, informer);
      return () -> {
        watching.remove(key, informer);
        informer.close();
      };
    } catch (KubernetesClientException e) {
      throw translate(namespace, name, e);
    }
  }

  private Secret read(String namespace, String name) throws SourceException {
    try {
      return client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw translate(namespace, name, e);
    }
  }

  /** The decoded data of {@code secret}, as plugins see it. */
  public static SecretData toData(Secret secret) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value)));
    }
    if (secret.getStringData() != null) {
      secret
          .getStringData()
          .forEach((key, value) -> data.put(key, value.getBytes(StandardCharsets.UTF_8)));
    }
    return new SecretData(
        secret.getMetadata().getNamespace(),
        secret.getMetadata().getName(),
        secret.getMetadata().getResourceVersion(),
        data);
  }

  private static SourceException translate(
      String namespace, String name, KubernetesClientException e) {
    String where = "Secret " + namespace + "/" + name;
    return switch (e.getCode()) {
      case 401, 403 ->
          new SourceException.AuthFailed(
              "the agent may not read " + where + " (HTTP " + e.getCode() + "); grant get/watch",
              null);
      default ->
          new SourceException.Transient(
              "reading " + where + " failed (HTTP " + e.getCode() + ")", null);
    };
  }
}
