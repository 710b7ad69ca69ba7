package io.pullwarden.testenv;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The two things kube-controller-manager does for every namespace that pods on the {@link RealNode}
 * depend on: the {@code default} ServiceAccount (without it, ServiceAccount admission rejects a
 * pod, and it is the account Pullwarden attaches Secrets to) and the {@code kube-root-ca.crt}
 * ConfigMap (the projected API token volume mounts it). Like the controllers, it acts on every
 * namespace, existing and new, a moment after it appears.
 */
final class NamespaceProvisioner implements AutoCloseable {

  private final KubernetesClient client;
  private final SharedIndexInformer<Namespace> informer;

  private NamespaceProvisioner(KubernetesClient client, SharedIndexInformer<Namespace> informer) {
    this.client = client;
    this.informer = informer;
  }

  static NamespaceProvisioner start(KubernetesClient client, Path caCertificate) {
    String ca;
    try {
      ca = Files.readString(caCertificate);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + caCertificate, e);
    }
    SharedIndexInformer<Namespace> informer =
        client
            .namespaces()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Namespace namespace) {
                    provision(client, namespace.getMetadata().getName(), ca);
                  }

                  @Override
                  public void onUpdate(Namespace before, Namespace after) {}

                  @Override
                  public void onDelete(Namespace namespace, boolean unknownFinalState) {}
                });
    return new NamespaceProvisioner(client, informer);
  }

  private static void provision(KubernetesClient client, String namespace, String ca) {
    createIfMissing(
        () ->
            client
                .serviceAccounts()
                .inNamespace(namespace)
                .resource(
                    new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("default")
                        .endMetadata()
                        .build())
                .create());
    createIfMissing(
        () ->
            client
                .configMaps()
                .inNamespace(namespace)
                .resource(
                    new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("kube-root-ca.crt")
                        .endMetadata()
                        .withData(Map.of("ca.crt", ca))
                        .build())
                .create());
  }

  private static void createIfMissing(Runnable create) {
    try {
      create.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        System.err.println("could not provision a namespace of the test node: " + e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    informer.close();
    client.close();
  }
}
