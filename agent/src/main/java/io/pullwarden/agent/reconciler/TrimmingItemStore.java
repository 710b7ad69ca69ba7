package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.pullwarden.agent.fanout.ManagedSecret;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer cache that keeps each object without the parts the agent never reads. Every object
 * the API server sends carries {@code metadata.managedFields}, a tree of maps larger than the rest
 * of a small object; at thousands of namespaces those trees were most of the agent's heap.
 *
 * <p>Objects are trimmed as they arrive, once, and stored as plain objects, so reads cost nothing
 * (fabric8's {@code ReducedStateItemStore} would rebuild each object through Jackson on every read,
 * and a pass reads every namespace). A trimmed object must still be safe to write back: an update
 * that omits {@code managedFields} leaves the server's copy as it is, so that field may go from any
 * cache; anything else may go only from objects the agent never writes back (namespaces, and
 * managed Secrets, which are always rebuilt or read again before a write).
 *
 * <p>Two things to keep in mind when changing this: fabric8 computes an informer's indexes from the
 * object as received, before trimming, so an index on a Namespace must use only fields the trimmed
 * copy keeps; and each store belongs to one informer, which holds while the agent watches all
 * namespaces with one informer per type (Java Operator SDK would share the store among the
 * informers of a namespace list).
 */
final class TrimmingItemStore<R extends HasMetadata> implements ItemStore<R> {

  private final ItemStore<R> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
  private final UnaryOperator<R> trim;

  private TrimmingItemStore(UnaryOperator<R> trim) {
    this.trim = trim;
  }

  /** Keeps whole objects apart from {@code metadata.managedFields}. */
  static <R extends HasMetadata> TrimmingItemStore<R> withoutManagedFields() {
    return new TrimmingItemStore<>(TrimmingItemStore::dropManagedFields);
  }

  /**
   * Keeps of a managed Secret only its {@link ManagedSecret#summary}: never the data, so neither a
   * large credential fanned out to thousands of namespaces nor Secrets that others label as
   * Pullwarden's make the cache grow beyond a small, fixed size per Secret. The agent never writes
   * a cached Secret back: updates are built from the desired state, releases read the Secret again.
   */
  static TrimmingItemStore<Secret> forManagedSecrets() {
    return new TrimmingItemStore<>(ManagedSecret::summary);
  }

  /**
   * Keeps of a Namespace what decides whether a sync targets it: name, labels and deletion
   * timestamp, with the uid and resourceVersion the informer itself uses. The agent never writes a
   * Namespace, so its annotations (often a whole {@code last-applied-configuration}), spec and
   * status can go.
   */
  static TrimmingItemStore<Namespace> forNamespaces() {
    return new TrimmingItemStore<>(
        namespace ->
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace.getMetadata().getName())
                .withUid(namespace.getMetadata().getUid())
                .withResourceVersion(namespace.getMetadata().getResourceVersion())
                .withLabels(namespace.getMetadata().getLabels())
                .withDeletionTimestamp(namespace.getMetadata().getDeletionTimestamp())
                .endMetadata()
                .build());
  }

  private static <R extends HasMetadata> R dropManagedFields(R object) {
    // The informer decoded this object for the cache alone; changing it in place is safe.
    object.getMetadata().setManagedFields(null);
    return object;
  }

  @Override
  public String getKey(R object) {
    return store.getKey(object);
  }

  @Override
  public R put(String key, R object) {
    return store.put(key, trim.apply(object));
  }

  @Override
  public R remove(String key) {
    return store.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return store.keySet();
  }

  @Override
  public Stream<R> values() {
    return store.values();
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public R get(String key) {
    return store.get(key);
  }
}
