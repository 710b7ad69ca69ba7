package io.pullwarden.agent.source;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.pullwarden.agent.customresource.ResilienceSpec;
import io.pullwarden.plugin.DurationText;
import io.pullwarden.plugin.SourceException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The resilience4j guards of each CredentialSource — retry, circuit breaker, rate limiter, time
 * limiter — named after the source, so their metrics ({@code resilience4j_circuitbreaker_state
 * {name="vault-prod"}} …) say which store is in trouble. Only failures that may pass (a {@link
 * SourceException.Transient} or a timeout) are retried and count against the circuit; a missing
 * credential or a bad config is the user's to fix and never opens it.
 */
public final class SourceGuards {

  /** One source's guards. */
  public record Guards(
      Retry retry,
      CircuitBreaker circuitBreaker,
      RateLimiter rateLimiter,
      TimeLimiter timeLimiter) {}

  private final RetryRegistry retries = RetryRegistry.ofDefaults();
  private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
  private final RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();

  public SourceGuards(MeterRegistry registry) {
    TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
    TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(registry);
  }

  /** Fresh guards for {@code source} configured by {@code spec} (null: the defaults). */
  public synchronized Guards create(String source, ResilienceSpec spec) {
    ResilienceSpec given = spec == null ? new ResilienceSpec() : spec;
    retries.remove(source);
    breakers.remove(source);
    limiters.remove(source);
    Retry retry =
        retries.retry(
            source,
            RetryConfig.custom()
                .maxAttempts(valueOr(given.getMaxAttempts(), 3))
                .intervalFunction(
                    IntervalFunction.ofExponentialRandomBackoff(
                        duration(given.getInitialBackoff(), "500ms"), 2.0, 0.5))
                .retryExceptions(SourceException.Transient.class, TimeoutException.class)
                .build());
    CircuitBreaker breaker =
        breakers.circuitBreaker(
            source,
            CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(valueOr(given.getFailureRateThreshold(), 50))
                .waitDurationInOpenState(duration(given.getOpenDuration(), "30s"))
                .recordExceptions(SourceException.Transient.class, TimeoutException.class)
                .build());
    RateLimiter limiter =
        limiters.rateLimiter(
            source,
            RateLimiterConfig.custom()
                .limitForPeriod(valueOr(given.getRequestsPerSecond(), 20))
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ofSeconds(5))
                .build());
    TimeLimiter timeLimiter =
        TimeLimiter.of(
            source,
            TimeLimiterConfig.custom()
                .timeoutDuration(timeout(given))
                .cancelRunningFuture(true)
                .build());
    return new Guards(retry, breaker, limiter, timeLimiter);
  }

  /** Drops the guards of a deleted source, and with them their resilience4j meters. */
  public synchronized void forget(String source) {
    retries.remove(source);
    breakers.remove(source);
    limiters.remove(source);
  }

  /** The longest a call to the store may take: {@code spec.timeout}, 10 s when not set. */
  public static Duration timeout(ResilienceSpec spec) {
    return duration(spec == null ? null : spec.getTimeout(), "10s");
  }

  private static int valueOr(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static Duration duration(String text, String fallback) {
    return DurationText.parse(text == null ? fallback : text);
  }
}
