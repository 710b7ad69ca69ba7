package io.pullwarden.agent.source;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Timers that run only when the test says so: every task due at the clock's current time. */
final class FakeTimers implements Timers {

  private record Task(Instant when, Runnable action, boolean[] cancelled) {}

  private final Clock clock;
  private final List<Task> tasks = new ArrayList<>();

  FakeTimers(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Scheduled at(Instant when, Runnable action) {
    Task task = new Task(when, action, new boolean[1]);
    tasks.add(task);
    return () -> task.cancelled()[0] = true;
  }

  /** Runs the tasks that are due, earliest first, including ones they schedule that are due. */
  void runDue() {
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> !t.cancelled()[0] && !t.when().isAfter(clock.instant()))
                .min(Comparator.comparing(Task::when))
                .orElse(null);
        if (next == null) {
          return;
        }
        tasks.remove(next);
      }
      next.action().run();
    }
  }

  /** When the earliest pending task is due, if any. */
  synchronized Instant nextDue() {
    return tasks.stream()
        .filter(t -> !t.cancelled()[0])
        .map(Task::when)
        .min(Comparator.naturalOrder())
        .orElse(null);
  }

  @Override
  public void close() {}
}
