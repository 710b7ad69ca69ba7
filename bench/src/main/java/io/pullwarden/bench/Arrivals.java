package io.pullwarden.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Waiting for namespaces to reach a state that a watch records with the moment it first saw it: a
 * managed Secret holding the current password ({@link ManagedSecretWatch}), a ServiceAccount naming
 * the sync's Secret ({@link AttachedAccounts}). The times reported are the watch's moments, not the
 * moment this poll looked.
 */
final class Arrivals {

  /** When ({@link System#nanoTime}) the first and the last of a set of namespaces arrived. */
  record Arrival(long firstNanos, long lastNanos) {}

  private static final long POLL_MILLIS = 20;

  private Arrivals() {}

  /**
   * Waits until {@code since} gives a moment for every one of {@code namespaces} (null: not there
   * yet); returns the first and the last of those moments. {@code progress} hears the count every
   * five seconds, and may end the wait by throwing.
   */
  static Arrival awaitAll(
      Collection<String> namespaces,
      Function<String, Long> since,
      Duration patience,
      IntConsumer progress)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    long nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      int done = 0;
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (String namespace : namespaces) {
        Long moment = since.apply(namespace);
        if (moment != null) {
          done++;
          first = Math.min(first, moment);
          last = Math.max(last, moment);
        }
      }
      if (done == namespaces.size()) {
        return new Arrival(first, last);
      }
      long now = System.nanoTime();
      if (now > deadline) {
        throw new TimeoutException(
            done + " of " + namespaces.size() + " namespaces current after " + patience);
      }
      if (now > nextReport) {
        progress.accept(done);
        nextReport = now + Duration.ofSeconds(5).toNanos();
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /**
   * Watches {@code objects}: {@code seen} hears every object added or changed, {@code gone} every
   * one deleted.
   */
  static <T extends HasMetadata> SharedIndexInformer<T> watch(
      Informable<T> objects, Consumer<T> seen, Consumer<T> gone) {
    return objects.inform(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(T object) {
            seen.accept(object);
          }

          @Override
          public void onUpdate(T before, T after) {
            seen.accept(after);
          }

          @Override
          public void onDelete(T object, boolean finalStateUnknown) {
            gone.accept(object);
          }
        });
  }

  /** Waits until {@code since} gives a moment for {@code namespace}, and returns it. */
  static long awaitOne(String namespace, Function<String, Long> since, Duration patience)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      Long moment = since.apply(namespace);
      if (moment != null) {
        return moment;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(namespace + " not current within " + patience);
      }
      Thread.sleep(POLL_MILLIS / 4);
    }
  }
}
