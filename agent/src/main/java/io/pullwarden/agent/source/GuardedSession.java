package io.pullwarden.agent.source;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Lease;
import io.pullwarden.plugin.LeaseControl;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * A plugin session as the agent uses it: every store call runs on a plugin thread (see {@link
 * PluginCalls}) through the source's rate limiter, circuit breaker, retry and time limit, and is
 * counted and timed in {@code pullwarden_source_requests_total} and {@code
 * pullwarden_source_request_duration_seconds}; the health check has the time limit too. Guard
 * refusals become {@link SourceException.Transient} with a message that says which guard refused; a
 * call that times out, throws outside the contract or returns null becomes a {@link PluginFault}
 * (carried in a Transient, see {@link PluginFault#in}). How each store call ended goes to the
 * source's {@link SourceHealth}.
 */
final class GuardedSession implements CredentialSession {

  private final String source;
  private final String plugin;
  private final CredentialSession session;
  private final Optional<LeaseControl> leases;
  private final SourceGuards.Guards guards;
  private final AgentMetrics metrics;
  private final SourceHealth health;

  /**
   * @param leases what the session's {@code leases()} returned when it was opened
   */
  GuardedSession(
      String source,
      String plugin,
      CredentialSession session,
      Optional<LeaseControl> leases,
      SourceGuards.Guards guards,
      AgentMetrics metrics,
      SourceHealth health) {
    this.source = source;
    this.plugin = plugin;
    this.session = session;
    this.leases = leases;
    this.guards = guards;
    this.metrics = metrics;
    this.health = health;
  }

  @Override
  public Credential fetch(Settings ref) throws SourceException {
    return call("fetch", () -> session.fetch(ref), true);
  }

  @Override
  public Optional<String> version(Settings ref) throws SourceException {
    return call("version", () -> session.version(ref), true);
  }

  @Override
  public Optional<LeaseControl> leases() {
    return leases.map(
        control ->
            new LeaseControl() {
              @Override
              public Lease renew(Lease lease) throws SourceException {
                return call("renew", () -> control.renew(lease), true);
              }

              @Override
              public void revoke(Lease lease) throws SourceException {
                call(
                    "revoke",
                    () -> {
                      control.revoke(lease);
                      return Boolean.TRUE;
                    },
                    true);
              }
            });
  }

  /**
   * The store's health within the source's time limit; an open circuit is an error without asking
   * the store.
   *
   * @throws SourceException carrying a {@link PluginFault} when the plugin's check timed out, threw
   *     or returned null
   */
  Health check() throws SourceException {
    if (guards.circuitBreaker().getState() == CircuitBreaker.State.OPEN) {
      return Health.error(openCircuitMessage());
    }
    return call("health", session::health, false);
  }

  /**
   * The store's health as the source's Ready condition shows it, within the source's time limit; an
   * open circuit is reported without asking the store.
   */
  SourceHealth.State assess() {
    if (guards.circuitBreaker().getState() == CircuitBreaker.State.OPEN) {
      return SourceHealth.State.failing(Reason.CIRCUIT_OPEN.toString(), openCircuitMessage());
    }
    Health found;
    try {
      found = call("health", session::health, false);
    } catch (SourceException e) {
      return SourceHealth.failed(e);
    }
    return switch (found.state()) {
      case READY -> SourceHealth.State.working();
      case UNKNOWN -> SourceHealth.State.failing(Reason.UNKNOWN.toString(), found.message());
      case ERROR -> SourceHealth.State.failing(Reason.UNHEALTHY.toString(), found.message());
    };
  }

  @Override
  public Health health() {
    try {
      return check();
    } catch (SourceException e) {
      return Health.error(e.getMessage());
    }
  }

  /** Closes the plugin's session on a plugin thread; the future tells when it has. */
  Future<?> closeInBackground() {
    return PluginCalls.submit(
        source,
        "close",
        () -> {
          try {
            PluginCalls.checked(
                plugin,
                "close",
                () -> {
                  session.close();
                  return Boolean.TRUE;
                });
          } catch (PluginFault fault) {
            PluginCalls.log(source, fault);
          }
          return null;
        });
  }

  /** Closes without waiting: a plugin whose close hangs holds only its own thread. */
  @Override
  public void close() {
    closeInBackground();
  }

  /**
   * Runs one plugin call on a plugin thread within the time limit and, when {@code guarded}, the
   * source's rate limiter, circuit breaker and retry.
   */
  private <T> T call(String operation, PluginCalls.PluginCode<T> code, boolean guarded)
      throws SourceException {
    long start = System.nanoTime();
    String outcome = "success";
    String message = null;
    try {
      CheckedSupplier<T> limited =
          () ->
              guards
                  .timeLimiter()
                  .executeFutureSupplier(
                      () ->
                          PluginCalls.submit(
                              source,
                              operation,
                              () -> PluginCalls.checked(plugin, operation, code)));
      if (!guarded) {
        return limited.get();
      }
      return Retry.decorateCheckedSupplier(
              guards.retry(),
              CircuitBreaker.decorateCheckedSupplier(
                  guards.circuitBreaker(),
                  RateLimiter.decorateCheckedSupplier(guards.rateLimiter(), limited)))
          .get();
    } catch (Throwable failure) {
      SourceException translated = translate(operation, failure);
      outcome = outcomeOf(failure, translated);
      message = translated.getMessage();
      PluginFault.in(translated).ifPresent(fault -> PluginCalls.log(source, fault));
      throw translated;
    } finally {
      metrics.sourceRequest(
          source, plugin, operation, outcome, Duration.ofNanos(System.nanoTime() - start));
      if (guarded) {
        health.record(source, operation, outcome, message);
      }
    }
  }

  private SourceException translate(String operation, Throwable failure) {
    return switch (failure) {
      case SourceException e -> e;
      case PluginFault fault -> fault.asSourceException();
      case CallNotPermittedException e -> new SourceException.Transient(openCircuitMessage(), null);
      case RequestNotPermitted e ->
          new SourceException.Transient(
              "CredentialSource " + source + " is rate limited; calls were queued too long", null);
      case TimeoutException e ->
          new PluginFault.TimedOut(
                  plugin,
                  operation,
                  guards.timeLimiter().getTimeLimiterConfig().getTimeoutDuration())
              .asSourceException();
      case InterruptedException e -> {
        Thread.currentThread().interrupt();
        yield new SourceException.Transient(
            "the agent stopped waiting for CredentialSource " + source + " (shutting down)", null);
      }
      // Only the plugin's code runs inside the guards, so anything else came from it.
      default -> new PluginFault.Threw(plugin, operation, failure).asSourceException();
    };
  }

  private String openCircuitMessage() {
    return "the circuit breaker of CredentialSource "
        + source
        + " is open after repeated failures; calls resume after spec.resilience.openDuration";
  }

  private static String outcomeOf(Throwable failure, SourceException translated) {
    return switch (failure) {
      case CallNotPermittedException e -> "circuit_open";
      case RequestNotPermitted e -> "rate_limited";
      default -> outcomeOf(translated);
    };
  }

  /** The {@code outcome} label of a store call that failed with {@code failure}. */
  static String outcomeOf(SourceException failure) {
    Optional<PluginFault> fault = PluginFault.in(failure);
    if (fault.isPresent()) {
      return fault.get().outcome();
    }
    return switch (failure) {
      case SourceException.NotFound e -> "not_found";
      case SourceException.AuthFailed e -> "auth_failed";
      case SourceException.InvalidConfig e -> "invalid_config";
      case SourceException.Transient e -> "unavailable";
    };
  }
}
