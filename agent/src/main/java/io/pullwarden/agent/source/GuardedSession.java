package io.pullwarden.agent.source;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * A plugin session as the agent uses it: every store call goes through the source's rate limiter,
 * circuit breaker, retry and time limit, and is counted and timed in {@code
 * pullwarden_source_requests_total} and {@code pullwarden_source_request_duration_seconds}. Guard
 * refusals become {@link SourceException.Transient} with a message that says which guard refused.
 */
final class GuardedSession implements CredentialSession {

  private static final Executor CALLS = Executors.newVirtualThreadPerTaskExecutor();

  private final String source;
  private final String plugin;
  private final CredentialSession session;
  private final SourceGuards.Guards guards;
  private final AgentMetrics metrics;

  GuardedSession(
      String source,
      String plugin,
      CredentialSession session,
      SourceGuards.Guards guards,
      AgentMetrics metrics) {
    this.source = source;
    this.plugin = plugin;
    this.session = session;
    this.guards = guards;
    this.metrics = metrics;
  }

  @Override
  public Credential fetch(Settings ref) throws SourceException {
    return call("fetch", () -> session.fetch(ref));
  }

  @Override
  public Optional<String> version(Settings ref) throws SourceException {
    return call("version", () -> session.version(ref));
  }

  @Override
  public Optional<LeaseControl> leases() {
    return session
        .leases()
        .map(
            control ->
                new LeaseControl() {
                  @Override
                  public Lease renew(Lease lease) throws SourceException {
                    return call("renew", () -> control.renew(lease));
                  }

                  @Override
                  public void revoke(Lease lease) throws SourceException {
                    call(
                        "revoke",
                        () -> {
                          control.revoke(lease);
                          return null;
                        });
                  }
                });
  }

  @Override
  public Health health() {
    if (guards.circuitBreaker().getState() == CircuitBreaker.State.OPEN) {
      return Health.error(openCircuitMessage());
    }
    return session.health();
  }

  @Override
  public void close() {
    session.close();
  }

  private <T> T call(String operation, StoreCall<T> call) throws SourceException {
    long start = System.nanoTime();
    String outcome = "success";
    try {
      CheckedSupplier<T> limited =
          () -> {
            try {
              return guards
                  .timeLimiter()
                  .executeFutureSupplier(
                      () -> CompletableFuture.supplyAsync(() -> run(call), CALLS));
            } catch (Wrapped wrapped) {
              throw wrapped.getCause();
            }
          };
      CheckedSupplier<T> guarded =
          Retry.decorateCheckedSupplier(
              guards.retry(),
              CircuitBreaker.decorateCheckedSupplier(
                  guards.circuitBreaker(),
                  RateLimiter.decorateCheckedSupplier(guards.rateLimiter(), limited)));
      return guarded.get();
    } catch (Throwable failure) {
      SourceException translated = translate(unwrap(failure));
      outcome = outcomeOf(unwrap(failure), translated);
      throw translated;
    } finally {
      metrics.sourceRequest(
          source, plugin, operation, outcome, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static <T> T run(StoreCall<T> call) {
    try {
      return call.run();
    } catch (SourceException e) {
      throw new Wrapped(e);
    }
  }

  private SourceException translate(Throwable failure) {
    return switch (failure) {
      case SourceException e -> e;
      case CallNotPermittedException e -> new SourceException.Transient(openCircuitMessage(), null);
      case RequestNotPermitted e ->
          new SourceException.Transient(
              "CredentialSource " + source + " is rate limited; calls were queued too long", null);
      case TimeoutException e ->
          new SourceException.Transient(
              "a call to CredentialSource "
                  + source
                  + " timed out; raise spec.resilience.timeout if the store is slow",
              null);
      default ->
          new SourceException.Transient(
              "the " + plugin + " plugin failed: " + failure.getClass().getSimpleName(), null);
    };
  }

  private String openCircuitMessage() {
    return "the circuit breaker of CredentialSource "
        + source
        + " is open after repeated failures; calls resume after spec.resilience.openDuration";
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof ExecutionException
            || current instanceof Wrapped
            || current instanceof CompletionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static String outcomeOf(Throwable failure, SourceException translated) {
    return switch (failure) {
      case CallNotPermittedException e -> "circuit_open";
      case RequestNotPermitted e -> "rate_limited";
      case TimeoutException e -> "timeout";
      default -> outcomeOf(translated);
    };
  }

  /** The {@code outcome} label of a store call that failed with {@code failure}. */
  static String outcomeOf(SourceException failure) {
    return switch (failure) {
      case SourceException.NotFound e -> "not_found";
      case SourceException.AuthFailed e -> "auth_failed";
      case SourceException.InvalidConfig e -> "invalid_config";
      case SourceException.Transient e -> "unavailable";
    };
  }

  /** A store call; may throw the plugin's checked errors. */
  @FunctionalInterface
  private interface StoreCall<T> {
    T run() throws SourceException;
  }

  /** Carries a plugin's checked error through the future. */
  private static final class Wrapped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Wrapped(SourceException cause) {
      super(cause);
    }
  }
}
