package io.pullwarden.agent.render;

import io.fabric8.kubernetes.api.model.Secret;
import io.pullwarden.agent.source.KubernetesClusterSecrets;
import io.pullwarden.plugin.ClusterSecrets;
import io.pullwarden.plugin.SecretData;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ClusterSecrets} served from the Secrets in a render file, so the kubernetes-secret plugin
 * works without a cluster. Nothing changes while rendering, so a watch never fires.
 */
final class FileSecrets implements ClusterSecrets {

  private final List<Secret> secrets;
  private final String agentNamespace;

  FileSecrets(List<Secret> secrets, String agentNamespace) {
    this.secrets = secrets;
    this.agentNamespace = agentNamespace;
  }

  @Override
  public String agentNamespace() {
    return agentNamespace;
  }

  @Override
  public Optional<SecretData> get(String namespace, String name) {
    return secrets.stream()
        .filter(secret -> name.equals(secret.getMetadata().getName()))
        .filter(
            secret ->
                namespace.equals(
                    Objects.requireNonNullElse(
                        secret.getMetadata().getNamespace(), agentNamespace)))
        .findFirst()
        .map(KubernetesClusterSecrets::toData)
        .map(data -> new SecretData(namespace, name, "file", data.data()));
  }

  @Override
  public AutoCloseable watch(String namespace, String name, Runnable onChange) {
    return () -> {};
  }
}
