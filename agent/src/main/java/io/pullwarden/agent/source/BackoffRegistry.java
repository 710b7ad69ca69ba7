package io.pullwarden.agent.source;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Counts consecutive failures per resource and turns the count into the next wait with a {@link
 * RetryBackoff}. Each PullSecretSync and each CredentialSource backs off on its own, so a resource
 * whose plugin keeps failing never sets the pace for another; a success starts the count again.
 * This replaces the operator framework's retry, which gives up after a few tries and then waits for
 * the resource to change.
 */
public final class BackoffRegistry {

  private final RetryBackoff policy;
  private final DoubleSupplier random;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  /**
   * @param random samples in [0, 1] that spread the waits
   */
  public BackoffRegistry(RetryBackoff policy, DoubleSupplier random) {
    this.policy = policy;
    this.random = random;
  }

  /** A registry spreading waits with a real random source. */
  public static BackoffRegistry of(RetryBackoff policy) {
    return new BackoffRegistry(policy, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** Records one more failure of {@code resource}; returns how long to wait before the next try. */
  public Duration failed(String resource) {
    return policy.delay(failures.merge(resource, 1, Integer::sum), random.getAsDouble());
  }

  /** {@code resource} worked (or is gone): its next failure waits the shortest time again. */
  public void succeeded(String resource) {
    failures.remove(resource);
  }

  /** How many times in a row {@code resource} failed. */
  public int failures(String resource) {
    return failures.getOrDefault(resource, 0);
  }
}
