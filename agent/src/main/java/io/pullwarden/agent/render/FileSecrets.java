package io.pullwarden.agent.render;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.agent.source.KubernetesClusterSecrets;
import io.pullwarden.agent.source.SecretAccess;
import io.pullwarden.plugin.ClusterSecrets;
import io.pullwarden.plugin.SecretData;
import io.pullwarden.plugin.SourceException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ClusterSecrets} served from the Secrets in a render file, so the kubernetes-secret plugin
 * works without a cluster, under the same rule as in a cluster: a source reads only Secrets marked
 * for it ({@link SecretAccess}). Nothing changes while rendering, so a watch never fires.
 */
final class FileSecrets implements ClusterSecrets {

  private final List<Secret> secrets;
  private final String agentNamespace;
  private final String source;

  FileSecrets(List<Secret> secrets, String agentNamespace, String source) {
    this.secrets = secrets;
    this.agentNamespace = agentNamespace;
    this.source = source;
  }

  @Override
  public String agentNamespace() {
    return agentNamespace;
  }

  @Override
  public Optional<SecretData> get(String namespace, String name) throws SourceException {
    Optional<Secret> found =
        secrets.stream()
            .filter(secret -> name.equals(secret.getMetadata().getName()))
            .filter(
                secret ->
                    namespace.equals(
                        Objects.requireNonNullElse(
                            secret.getMetadata().getNamespace(), agentNamespace)))
            .findFirst();
    if (found.isPresent()) {
      Secret secret =
          new SecretBuilder(found.get())
              .editMetadata()
              .withNamespace(namespace)
              .endMetadata()
              .build();
      Optional<String> refused = SecretAccess.refusal(source, secret);
      if (refused.isPresent()) {
        throw new SourceException.InvalidConfig(refused.get());
      }
    }
    return found
        .map(KubernetesClusterSecrets::toData)
        .map(data -> new SecretData(namespace, name, "file", data.data()));
  }

  @Override
  public AutoCloseable watch(String namespace, String name, Runnable onChange) {
    return () -> {};
  }
}
