package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Writes a {@link PullSecretAttachment} change to a ServiceAccount: a plain update carrying the
 * resourceVersion that was read, so a concurrent change by anyone else makes the API server answer
 * 409 instead of being overwritten; then it reads the account again and retries. Server-side apply
 * is deliberately not used: it would take ownership of the whole atomic list.
 */
public final class ServiceAccountWriter {

  static final int ATTEMPTS = 5;

  private final ServiceAccountApi api;

  public ServiceAccountWriter(KubernetesClient client) {
    this(ServiceAccountApi.of(client));
  }

  ServiceAccountWriter(ServiceAccountApi api) {
    this.api = api;
  }

  /** Appends {@code secretName} if absent. True when a write was made. */
  public boolean attach(ServiceAccount cached, String secretName) {
    return write(cached, secretName, PullSecretAttachment::attach);
  }

  /** Removes {@code secretName} if Pullwarden added it. True when a write was made. */
  public boolean detach(ServiceAccount cached, String secretName) {
    return write(cached, secretName, PullSecretAttachment::detach);
  }

  private boolean write(
      ServiceAccount cached,
      String secretName,
      BiFunction<ServiceAccount, String, Optional<ServiceAccount>> change) {
    ServiceAccount current = cached;
    for (int attempt = 1; ; attempt++) {
      Optional<ServiceAccount> updated = change.apply(current, secretName);
      if (updated.isEmpty()) {
        return false;
      }
      try {
        api.update(updated.get());
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
        current = api.get(cached.getMetadata().getNamespace(), cached.getMetadata().getName());
        if (current == null) {
          return false;
        }
      }
    }
  }
}
