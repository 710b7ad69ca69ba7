package io.pullwarden.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Many API calls with a fixed number in flight, made the way the agent's fan-out makes them (a
 * virtual thread per call behind a semaphore). The raw limit uses it so that the only difference
 * from the agent is everything around the writes; object set-up uses it so that creating tens of
 * thousands of objects stays bounded on a two-core machine.
 */
final class BoundedWrites {

  private BoundedWrites() {}

  /**
   * Calls {@code call} for every item, {@code inFlight} at a time; returns the wall time from the
   * first call to the last completion. Fails after all calls ended if any of them failed.
   */
  static <T> Duration run(Collection<T> items, int inFlight, Consumer<T> call) {
    Semaphore permits = new Semaphore(inFlight);
    AtomicInteger failures = new AtomicInteger();
    List<Future<?>> pending = new ArrayList<>(items.size());
    long start = System.nanoTime();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (T item : items) {
        pending.add(
            executor.submit(
                () -> {
                  permits.acquireUninterruptibly();
                  try {
                    call.accept(item);
                  } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    throw e;
                  } finally {
                    permits.release();
                  }
                }));
      }
      RuntimeException first = null;
      for (Future<?> future : pending) {
        try {
          future.get();
        } catch (ExecutionException e) {
          if (first == null) {
            first = new IllegalStateException(failures.get() + " call(s) failed", e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      if (first != null) {
        throw first;
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
