package io.pullwarden.agent.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task at a point in time. Narrow so that tests drive expiry and renewal with a fake clock
 * and run the due tasks themselves.
 */
public interface Timers extends AutoCloseable {

  /** A scheduled task that can be called off. */
  interface Scheduled {
    void cancel();
  }

  /** Runs {@code task} at {@code when}, or at once if that has passed. */
  Scheduled at(Instant when, Runnable task);

  @Override
  void close();

  /** Timers on one daemon thread, reading time from {@code clock}. */
  static Timers onThread(Clock clock) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "pullwarden-credential-timers");
              thread.setDaemon(true);
              return thread;
            });
    return new Timers() {
      @Override
      public Scheduled at(Instant when, Runnable task) {
        long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis());
        ScheduledFuture<?> future = executor.schedule(task, delay, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
      }

      @Override
      public void close() {
        executor.shutdownNow();
      }
    };
  }
}
