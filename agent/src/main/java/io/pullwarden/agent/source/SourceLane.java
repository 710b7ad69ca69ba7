package io.pullwarden.agent.source;

import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.plugin.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CredentialSource's lane: its open session, the attempt under way to open one, and the wait
 * after an open that timed out or failed outside the plugin contract. Lanes share nothing, so
 * opening one source never waits for another. The plugin's validate and open run on a plugin
 * thread; callers of the same generation share one attempt and wait for it at most the source's
 * time limit, counted from when it started. A newer generation closes the older session at once: a
 * source that was changed and cannot open again must not go on serving the old credential.
 */
final class SourceLane {

  private static final Logger LOG = LoggerFactory.getLogger(SourceLane.class);

  /** Validates the config and opens a session; runs on a plugin thread. */
  @FunctionalInterface
  interface Opener {
    GuardedSession open() throws SourceException, PluginFault;
  }

  private record Open(long generation, GuardedSession session) {}

  /** Until {@code until}, callers get {@code failure} without a new attempt. */
  private record Gate(Instant until, SourceException failure) {}

  private static final class Attempt {
    private final long generation;
    private final String plugin;
    private final Duration limit;
    private final long startedNanos = System.nanoTime();
    private Future<GuardedSession> future;

    private Attempt(long generation, String plugin, Duration limit) {
      this.generation = generation;
      this.plugin = plugin;
      this.limit = limit;
    }
  }

  private final String name;
  private final Clock clock;
  private final BackoffRegistry backoff;
  private final AgentMetrics metrics;
  private final SourceHealth health;

  private long newest = Long.MIN_VALUE;
  private Open current;
  private Attempt attempt;
  private Gate gate;

  SourceLane(
      String name,
      Clock clock,
      BackoffRegistry backoff,
      AgentMetrics metrics,
      SourceHealth health) {
    this.name = name;
    this.clock = clock;
    this.backoff = backoff;
    this.metrics = metrics;
    this.health = health;
  }

  /**
   * The session of {@code generation} (or of a newer one, when the caller read an older copy).
   *
   * @param plugin the source's type, for messages and metrics
   * @param limit how long the open may take
   * @throws SourceException the plugin's outcome, or one carrying a {@link PluginFault}
   */
  GuardedSession session(long generation, String plugin, Duration limit, Opener opener)
      throws SourceException {
    Attempt waitFor;
    synchronized (this) {
      observe(generation);
      if (current != null) {
        return current.session();
      }
      if (attempt == null) {
        if (generation < newest) {
          throw changed();
        }
        if (gate != null && clock.instant().isBefore(gate.until())) {
          throw gate.failure();
        }
        attempt = start(generation, plugin, limit, opener);
      }
      waitFor = attempt;
    }
    return await(waitFor);
  }

  /** The source is at {@code generation} now: anything older is closed or called off. */
  synchronized void observe(long generation) {
    if (generation <= newest) {
      return;
    }
    newest = generation;
    if (current != null) {
      LOG.info("CredentialSource {} changed; closing the session of its previous spec", name);
      current.session().closeInBackground();
      current = null;
    }
    if (attempt != null) {
      attempt.future.cancel(true);
      attempt = null;
    }
    gate = null;
    backoff.succeeded(name);
  }

  /** Closes the session so the next use opens a new one. */
  synchronized void invalidate() {
    if (current != null) {
      LOG.info("closing the session of CredentialSource {}", name);
      current.session().closeInBackground();
      current = null;
    }
  }

  /** Calls off any attempt and closes the session; the future tells when it closed, or null. */
  synchronized Future<?> shutdown() {
    if (attempt != null) {
      attempt.future.cancel(true);
      attempt = null;
    }
    Future<?> closing = current == null ? null : current.session().closeInBackground();
    current = null;
    return closing;
  }

  private Attempt start(long generation, String plugin, Duration limit, Opener opener) {
    Attempt started = new Attempt(generation, plugin, limit);
    started.future = PluginCalls.submit(name, "open", () -> settle(started, opener));
    return started;
  }

  /** On the plugin thread: opens, and takes the result in if the attempt is still this lane's. */
  private GuardedSession settle(Attempt started, Opener opener) throws SourceException {
    GuardedSession opened;
    try {
      opened = opener.open();
    } catch (SourceException e) {
      failed(started, e, GuardedSession.outcomeOf(e), null);
      throw e;
    } catch (PluginFault fault) {
      SourceException failure = fault.asSourceException();
      failed(started, failure, fault.outcome(), fault);
      throw failure;
    }
    synchronized (this) {
      if (attempt != started) {
        opened.closeInBackground();
        throw changed();
      }
      attempt = null;
      current = new Open(started.generation, opened);
      gate = null;
      backoff.succeeded(name);
    }
    record(started, "success");
    return opened;
  }

  private void failed(Attempt started, SourceException failure, String outcome, PluginFault fault) {
    synchronized (this) {
      if (attempt != started) {
        return; // given up on already, and counted then
      }
      attempt = null;
      if (fault != null) {
        shut(failure);
      }
    }
    record(started, outcome);
    health.record(name, SourceHealth.failed(failure));
    if (fault != null) {
      PluginCalls.log(name, fault);
    }
  }

  private GuardedSession await(Attempt waited) throws SourceException {
    long left = waited.startedNanos + waited.limit.toNanos() - System.nanoTime();
    try {
      return waited.future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SourceException failure) {
        throw failure;
      }
      throw new SourceException.Transient(
          "opening CredentialSource "
              + name
              + " failed in the agent ("
              + e.getCause().getClass().getName()
              + ")",
          null);
    } catch (TimeoutException | CancellationException e) {
      // Cancelled: another caller gave up on the attempt, or the source changed meanwhile.
      return timedOut(waited);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException.Transient(
          "the agent stopped waiting for CredentialSource " + name + " (shutting down)", null);
    }
  }

  private GuardedSession timedOut(Attempt waited) throws SourceException {
    PluginFault fault = new PluginFault.TimedOut(waited.plugin, "open", waited.limit);
    SourceException failure = fault.asSourceException();
    synchronized (this) {
      if (attempt != waited) {
        // Another caller gave up on it first, it finished just now, or the source changed.
        if (current != null && current.generation() == waited.generation) {
          return current.session();
        }
        if (newest > waited.generation) {
          throw changed();
        }
        throw gate != null ? gate.failure() : failure;
      }
      attempt = null;
      waited.future.cancel(true);
      shut(failure);
    }
    record(waited, fault.outcome());
    health.record(name, SourceHealth.failed(failure));
    PluginCalls.log(name, fault);
    throw failure;
  }

  private void shut(SourceException failure) {
    gate = new Gate(clock.instant().plus(backoff.failed(name)), failure);
  }

  private SourceException changed() {
    return new SourceException.Transient(
        "CredentialSource "
            + name
            + " changed while its session was being opened; the agent opens one for the new spec",
        null);
  }

  private void record(Attempt attempt, String outcome) {
    metrics.sourceRequest(
        name,
        attempt.plugin,
        "open",
        outcome,
        Duration.ofNanos(System.nanoTime() - attempt.startedNanos));
  }
}
