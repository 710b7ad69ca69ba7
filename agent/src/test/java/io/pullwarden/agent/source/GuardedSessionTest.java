package io.pullwarden.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.agent.customresource.ResilienceSpec;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.lang.ref.Reference;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GuardedSessionTest {

  private static final Settings REF = Settings.of("spec.registries[0].ref", Map.of("name", "x"));

  private final AgentMetrics metrics = new AgentMetrics();
  private final ScriptedStore store = new ScriptedStore();
  private final SourceHealth health = new SourceHealth();

  @Test
  void aTransientFailureIsRetriedWithBackoff() throws Exception {
    store.failNext(new SourceException.Transient("store is sealed", null));

    GuardedSession session = guarded(spec(3, "1ms", "30s"));
    Credential credential = session.fetch(REF);

    assertThat(credential.version()).isEqualTo("v1");
    assertThat(store.calls).isEqualTo(2);
    assertThat(metrics.scrape())
        .contains("operation=\"fetch\",outcome=\"success\"")
        .contains(
            "resilience4j_retry_calls_total{kind=\"successful_with_retry\",name=\"src\"} 1.0");
    // resilience4j's counters hold their Retry weakly: a session collected before the scrape
    // would read as no retries at all (seen in a full run).
    Reference.reachabilityFence(session);
  }

  @Test
  void aMissingCredentialIsNotRetriedAndNeverOpensTheCircuit() {
    GuardedSession session = guarded(spec(3, "1ms", "30s"));
    for (int i = 0; i < 10; i++) {
      store.failNext(new SourceException.NotFound("secret/x does not exist"));
      assertThatThrownBy(() -> session.fetch(REF)).isInstanceOf(SourceException.NotFound.class);
    }

    assertThat(store.calls).isEqualTo(10);
    assertThat(session.health().state()).isEqualTo(Health.State.READY);
  }

  @Test
  void aStoreThatKeepsFailingOpensTheCircuitAndCallsStopReachingIt() {
    GuardedSession session = guarded(spec(1, "1ms", "1h"));
    for (int i = 0; i < 5; i++) {
      store.failNext(new SourceException.Transient("connection refused", null));
      assertThatThrownBy(() -> session.fetch(REF)).isInstanceOf(SourceException.Transient.class);
    }
    int before = store.calls;

    assertThatThrownBy(() -> session.fetch(REF))
        .isInstanceOf(SourceException.Transient.class)
        .hasMessageContaining("circuit breaker of CredentialSource src is open");
    assertThat(store.calls).isEqualTo(before);
    assertThat(session.health().state()).isEqualTo(Health.State.ERROR);
    assertThat(metrics.scrape())
        .contains("operation=\"fetch\",outcome=\"circuit_open\"")
        .contains("resilience4j_circuitbreaker_state{name=\"src\",state=\"open\"} 1.0");
  }

  private GuardedSession guarded(ResilienceSpec spec) {
    return new GuardedSession(
        "src",
        "fake",
        store,
        Optional.empty(),
        new SourceGuards(metrics.registry()).create("src", spec),
        metrics,
        health);
  }

  private static ResilienceSpec spec(int attempts, String backoff, String openFor) {
    ResilienceSpec spec = new ResilienceSpec();
    spec.setMaxAttempts(attempts);
    spec.setInitialBackoff(backoff);
    spec.setOpenDuration(openFor);
    return spec;
  }

  /** Answers each call with the next scripted failure, or a credential. */
  private static final class ScriptedStore implements CredentialSession {
    private final Deque<SourceException> failures = new ArrayDeque<>();
    private int calls;

    void failNext(SourceException failure) {
      failures.add(failure);
    }

    @Override
    public synchronized Credential fetch(Settings ref) throws SourceException {
      calls++;
      SourceException failure = failures.poll();
      if (failure != null) {
        throw failure;
      }
      return Credential.of(new UsernamePassword("u", "p"), "v1");
    }

    @Override
    public Optional<String> version(Settings ref) {
      return Optional.empty();
    }

    @Override
    public Health health() {
      return Health.ready();
    }

    @Override
    public void close() {}
  }
}
