package io.pullwarden.bench;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Which pull Secrets each namespace's {@code default} ServiceAccount lists, as a watch sees it, and
 * since when: a sync is done with a namespace only when its Secret is written and attached, and the
 * attachment is a second write that may come later.
 */
final class AttachedAccounts implements AutoCloseable {

  private final Map<String, Map<String, Long>> sinceByNamespace = new ConcurrentHashMap<>();
  private final SharedIndexInformer<ServiceAccount> informer;

  AttachedAccounts(KubernetesClient client) {
    this.informer =
        Arrivals.watch(
            client.serviceAccounts().inAnyNamespace().withField("metadata.name", "default"),
            this::seen,
            account -> sinceByNamespace.remove(account.getMetadata().getNamespace()));
  }

  /**
   * Waits until the {@code default} account of every one of {@code namespaces} lists the Secret
   * {@code secretFor} names for that namespace. {@code progress} hears the count.
   */
  Arrivals.Arrival awaitAll(
      Collection<String> namespaces,
      Function<String, String> secretFor,
      Duration patience,
      IntConsumer progress)
      throws TimeoutException, InterruptedException {
    return Arrivals.awaitAll(
        namespaces, ns -> attachedSince(ns, secretFor.apply(ns)), patience, progress);
  }

  /** Waits until {@code namespace}'s {@code default} account lists {@code secret}; returns when. */
  long awaitOne(String namespace, String secret, Duration patience)
      throws TimeoutException, InterruptedException {
    return Arrivals.awaitOne(namespace, ns -> attachedSince(ns, secret), patience);
  }

  private Long attachedSince(String namespace, String secret) {
    return sinceByNamespace.getOrDefault(namespace, Map.of()).get(secret);
  }

  private void seen(ServiceAccount account) {
    long now = System.nanoTime();
    List<LocalObjectReference> listed =
        account.getImagePullSecrets() == null ? List.of() : account.getImagePullSecrets();
    Map<String, Long> since =
        sinceByNamespace.computeIfAbsent(
            account.getMetadata().getNamespace(), ns -> new ConcurrentHashMap<>());
    since.keySet().retainAll(listed.stream().map(LocalObjectReference::getName).toList());
    listed.forEach(reference -> since.putIfAbsent(reference.getName(), now));
  }

  @Override
  public void close() {
    informer.close();
  }
}
