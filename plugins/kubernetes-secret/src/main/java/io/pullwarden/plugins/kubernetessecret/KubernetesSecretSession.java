package io.pullwarden.plugins.kubernetessecret;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.SecretData;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A session on the Secrets of one namespace. Reads go through {@link
 * io.pullwarden.plugin.ClusterSecrets#get}, which the agent serves from its cache, so the Secret's
 * resourceVersion is a free version. The first time a Secret is asked for, the session watches it
 * and signals the agent on every change, so a rotation is picked up at once rather than at the next
 * refresh; the watch is registered before the first read so no change falls between the two. A
 * Secret that does not exist yet is watched too, so creating it is noticed. Watches last until
 * {@link #close()}.
 */
final class KubernetesSecretSession implements CredentialSession {

  private final String namespace;
  private final SourceContext context;
  private final Map<String, AutoCloseable> watches = new HashMap<>();
  private boolean closed;

  KubernetesSecretSession(String namespace, SourceContext context) {
    this.namespace = namespace;
    this.context = context;
  }

  @Override
  public Credential fetch(Settings ref) throws SourceException {
    SecretRef secretRef = SecretRef.parse(ref);
    return SecretMapping.toCredential(read(secretRef), secretRef);
  }

  @Override
  public Optional<String> version(Settings ref) throws SourceException {
    return Optional.of(read(SecretRef.parse(ref)).resourceVersion());
  }

  @Override
  public synchronized Health health() {
    return closed
        ? Health.error("the kubernetes-secret session for namespace " + namespace + " is closed")
        : Health.ready();
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (AutoCloseable watch : watches.values()) {
      try {
        watch.close();
      } catch (Exception e) {
        // close() must not throw; a watch that fails to close ends with its connection anyway.
      }
    }
    watches.clear();
  }

  private SecretData read(SecretRef ref) throws SourceException {
    watch(ref.name());
    return context
        .secrets()
        .get(namespace, ref.name())
        .orElseThrow(
            () ->
                new SourceException.NotFound(
                    "Secret "
                        + namespace
                        + "/"
                        + ref.name()
                        + " does not exist; create it or correct "
                        + ref.field("name")));
  }

  private synchronized void watch(String name) throws SourceException {
    if (closed) {
      throw new IllegalStateException(
          "the kubernetes-secret session for namespace " + namespace + " is closed");
    }
    if (!watches.containsKey(name)) {
      watches.put(name, context.secrets().watch(namespace, name, context::signalChange));
    }
  }
}
