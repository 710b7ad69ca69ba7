package io.pullwarden.agent.it;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.Validation;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real plugin's factory and counts, per credential ref {@code name}, how often the agent
 * read the store ({@code fetch}) and checked its version, so tests can assert "one read per change"
 * without depending on timing.
 */
final class CountingSourceFactory implements CredentialSourceFactory {

  private final CredentialSourceFactory real;
  private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> versionChecks = new ConcurrentHashMap<>();

  CountingSourceFactory(CredentialSourceFactory real) {
    this.real = real;
  }

  int fetches(String refName) {
    return fetches.getOrDefault(refName, new AtomicInteger()).get();
  }

  int versionChecks(String refName) {
    return versionChecks.getOrDefault(refName, new AtomicInteger()).get();
  }

  @Override
  public String type() {
    return real.type();
  }

  @Override
  public Validation validate(Settings config) {
    return real.validate(config);
  }

  @Override
  public CredentialSession open(Settings config, SourceContext context) throws SourceException {
    CredentialSession session = real.open(config, context);
    return new CredentialSession() {
      @Override
      public Credential fetch(Settings ref) throws SourceException {
        count(fetches, ref);
        return session.fetch(ref);
      }

      @Override
      public Optional<String> version(Settings ref) throws SourceException {
        count(versionChecks, ref);
        return session.version(ref);
      }

      @Override
      public Health health() {
        return session.health();
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }

  private static void count(Map<String, AtomicInteger> counter, Settings ref) {
    String name = String.valueOf(ref.asMap().get("name"));
    counter.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
  }
}
