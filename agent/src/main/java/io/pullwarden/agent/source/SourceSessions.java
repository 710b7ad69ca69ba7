package io.pullwarden.agent.source;

import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.LeaseControl;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.Validation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open plugin session per CredentialSource, shared by every PullSecretSync that uses it. A
 * session is opened on first use, reopened when the CredentialSource's spec changes (its generation
 * moves) or after the store refused the session, and closed when the source goes. Each source has a
 * {@link SourceLane} of its own: validating and opening run on a plugin thread within the source's
 * {@code spec.resilience.timeout}, and no lock is shared between sources.
 */
public final class SourceSessions implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SourceSessions.class);

  /** How long shutting down waits for plugins to close their sessions, all together. */
  private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(10);

  private final SourceFactories factories;
  private final Function<String, SourceContext> contexts;
  private final SourceGuards guards;
  private final AgentMetrics metrics;
  private final Clock clock;
  private final BackoffRegistry openFailures;
  private final SourceHealth outcomes = new SourceHealth();
  private final Map<String, SourceLane> lanes = new ConcurrentHashMap<>();

  /**
   * @param contexts makes the context a plugin gets for the named source
   * @param backoff how long a source waits before opening again after an open timed out or failed
   *     outside the plugin contract
   */
  public SourceSessions(
      SourceFactories factories,
      Function<String, SourceContext> contexts,
      AgentMetrics metrics,
      Clock clock,
      RetryBackoff backoff) {
    this.factories = factories;
    this.contexts = contexts;
    this.guards = new SourceGuards(metrics.registry());
    this.metrics = metrics;
    this.clock = clock;
    this.openFailures = BackoffRegistry.of(backoff);
  }

  /**
   * The session for {@code source} as it is now.
   *
   * @throws SourceException.InvalidConfig naming the field when no plugin serves the type or the
   *     plugin rejects the config
   * @throws SourceException when the plugin cannot open the session; one carrying a {@link
   *     PluginFault} when it timed out, threw or returned null
   */
  public CredentialSession session(CredentialSource source) throws SourceException {
    return guarded(source);
  }

  /**
   * Whether {@code source} works: its session opens and its health check answers, both within the
   * source's time limit.
   *
   * @throws SourceException as {@link #session} does, and when the health check times out, throws
   *     or returns null
   */
  public Health health(CredentialSource source) throws SourceException {
    return guarded(source).check();
  }

  /**
   * {@code source}'s state as its Ready condition shows it: its session opens and its health check
   * answers, both within the source's time limit.
   *
   * @throws SourceException as {@link #session} does
   */
  public SourceHealth.State assess(CredentialSource source) throws SourceException {
    return guarded(source).assess();
  }

  /** How the latest store calls of each source ended. */
  public SourceHealth outcomes() {
    return outcomes;
  }

  /** Closes the session of {@code sourceName} so the next use opens a new one. */
  public void invalidate(String sourceName) {
    SourceLane lane = lanes.get(sourceName);
    if (lane != null) {
      lane.invalidate();
    }
  }

  /**
   * {@code sourceName} was deleted: closes its session, drops its guards and its metric series.
   * Should a source of that name come back, it starts afresh.
   */
  public void forget(String sourceName) {
    invalidate(sourceName);
    guards.forget(sourceName);
    metrics.forgetSource(sourceName);
  }

  private GuardedSession guarded(CredentialSource source) throws SourceException {
    String name = source.getMetadata().getName();
    long generation = Objects.requireNonNullElse(source.getMetadata().getGeneration(), 0L);
    SourceLane lane =
        lanes.computeIfAbsent(name, n -> new SourceLane(n, clock, openFailures, metrics, outcomes));
    CredentialSourceFactory factory;
    Duration limit;
    try {
      factory = factoryFor(source);
      limit = SourceGuards.timeout(source.getSpec().getResilience());
    } catch (SourceException e) {
      lane.observe(generation);
      throw e;
    } catch (IllegalArgumentException e) {
      lane.observe(generation);
      throw new SourceException.InvalidConfig("spec.resilience.timeout: " + e.getMessage());
    }
    String type = source.getSpec().getType();
    return lane.session(generation, type, limit, () -> open(source, type, factory));
  }

  private CredentialSourceFactory factoryFor(CredentialSource source) throws SourceException {
    String type = source.getSpec() == null ? null : source.getSpec().getType();
    if (type == null || type.isBlank()) {
      throw new SourceException.InvalidConfig("spec.type is required");
    }
    return factories
        .factory(type)
        .orElseThrow(
            () ->
                new SourceException.InvalidConfig(
                    "spec.type: no plugin serves type '"
                        + type
                        + "'; this agent has "
                        + factories.types()
                        + " (add the plugin jar to the plugins directory)"));
  }

  /** On a plugin thread: validates, opens and asks for lease control, each held to the contract. */
  private GuardedSession open(CredentialSource source, String type, CredentialSourceFactory factory)
      throws SourceException, PluginFault {
    String name = source.getMetadata().getName();
    Settings config = Settings.of("spec.config", source.getSpec().getConfig());
    Validation validation = PluginCalls.checked(type, "validate", () -> factory.validate(config));
    if (!validation.isValid()) {
      throw new SourceException.InvalidConfig(String.join("; ", validation.problems()));
    }
    LOG.info("opening a {} session for CredentialSource {}", type, name);
    SourceContext context = contexts.apply(name);
    CredentialSession session =
        PluginCalls.checked(type, "open", () -> factory.open(config, context));
    Optional<LeaseControl> leases;
    try {
      leases = PluginCalls.checked(type, "leases", session::leases);
    } catch (PluginFault fault) {
      PluginCalls.submit(name, "close", () -> closeQuietly(session));
      throw fault;
    }
    return new GuardedSession(
        name,
        type,
        session,
        leases,
        guards.create(name, source.getSpec().getResilience()),
        metrics,
        outcomes);
  }

  private static Void closeQuietly(CredentialSession session) {
    try {
      session.close();
    } catch (RuntimeException | LinkageError ignored) {
      // The session never served; the fault that made us close it is reported already.
    }
    return null;
  }

  @Override
  public void close() {
    List<Future<?>> closing =
        lanes.values().stream().map(SourceLane::shutdown).filter(Objects::nonNull).toList();
    long deadline = System.nanoTime() + CLOSE_PATIENCE.toNanos();
    for (Future<?> future : closing) {
      try {
        future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        LOG.warn("a plugin did not close its session within {}; leaving it", CLOSE_PATIENCE);
      } catch (ExecutionException e) {
        LOG.warn("closing a plugin session failed: {}", e.getCause().getClass().getName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
