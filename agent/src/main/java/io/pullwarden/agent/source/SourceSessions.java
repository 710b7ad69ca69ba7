package io.pullwarden.agent.source;

import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.Validation;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open plugin session per CredentialSource, shared by every PullSecretSync that uses it. A
 * session is opened on first use, reopened when the CredentialSource's spec changes (its generation
 * moves) or after the store refused the session, and closed when the source goes.
 */
public final class SourceSessions implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SourceSessions.class);

  private record Open(long generation, CredentialSession session) {}

  private final SourceFactories factories;
  private final Function<String, SourceContext> contexts;
  private final SourceGuards guards;
  private final AgentMetrics metrics;
  private final Map<String, Open> open = new ConcurrentHashMap<>();

  /**
   * @param contexts makes the context a plugin gets for the named source
   */
  public SourceSessions(
      SourceFactories factories, Function<String, SourceContext> contexts, AgentMetrics metrics) {
    this.factories = factories;
    this.contexts = contexts;
    this.guards = new SourceGuards(metrics.registry());
    this.metrics = metrics;
  }

  /**
   * The session for {@code source} as it is now.
   *
   * @throws SourceException.InvalidConfig naming the field when no plugin serves the type or the
   *     plugin rejects the config
   * @throws SourceException when the plugin cannot open the session
   */
  public CredentialSession session(CredentialSource source) throws SourceException {
    String name = source.getMetadata().getName();
    long generation = Objects.requireNonNullElse(source.getMetadata().getGeneration(), 0L);
    Open current = open.get(name);
    if (current != null && current.generation() == generation) {
      return current.session();
    }
    synchronized (this) {
      current = open.get(name);
      if (current != null && current.generation() == generation) {
        return current.session();
      }
      CredentialSession session = openSession(source);
      Open previous = open.put(name, new Open(generation, session));
      if (previous != null) {
        previous.session().close();
      }
      return session;
    }
  }

  /** Closes the session of {@code sourceName} so the next use opens a new one. */
  public void invalidate(String sourceName) {
    Open previous = open.remove(sourceName);
    if (previous != null) {
      LOG.info("closing the session of CredentialSource {}", sourceName);
      previous.session().close();
    }
  }

  private CredentialSession openSession(CredentialSource source) throws SourceException {
    String type = source.getSpec() == null ? null : source.getSpec().getType();
    if (type == null || type.isBlank()) {
      throw new SourceException.InvalidConfig("spec.type is required");
    }
    CredentialSourceFactory factory =
        factories
            .factory(type)
            .orElseThrow(
                () ->
                    new SourceException.InvalidConfig(
                        "spec.type: no plugin serves type '"
                            + type
                            + "'; this agent has "
                            + factories.types()
                            + " (add the plugin jar to the plugins directory)"));
    Settings config = Settings.of("spec.config", source.getSpec().getConfig());
    Validation validation = factory.validate(config);
    if (!validation.isValid()) {
      throw new SourceException.InvalidConfig(String.join("; ", validation.problems()));
    }
    String name = source.getMetadata().getName();
    LOG.info("opening a {} session for CredentialSource {}", type, name);
    long start = System.nanoTime();
    String outcome = "success";
    try {
      CredentialSession session = factory.open(config, contexts.apply(name));
      return new GuardedSession(
          name, type, session, guards.create(name, source.getSpec().getResilience()), metrics);
    } catch (SourceException e) {
      outcome = GuardedSession.outcomeOf(e);
      throw e;
    } finally {
      metrics.sourceRequest(
          name, type, "open", outcome, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  @Override
  public void close() {
    open.keySet().forEach(this::invalidate);
  }
}
