package io.pullwarden.agent.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.agent.customresource.ResilienceSpec;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.agent.source.RetryBackoff;
import io.pullwarden.agent.source.SourceFactories;
import io.pullwarden.agent.source.SourceSessions;
import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.Validation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The source's Ready condition follows the outcomes of the syncs' store calls: a state change is
 * reported by the next pass without asking the store again, and calls that change nothing cause no
 * pass and no status write.
 */
class CredentialSourceReconcilerTest {

  private static final Settings REF = Settings.of("ref", Map.of("name", "x"));

  private final ScriptedPlugin plugin = new ScriptedPlugin();
  private final SourceSessions sessions =
      new SourceSessions(
          new SourceFactories() {
            @Override
            public Optional<CredentialSourceFactory> factory(String type) {
              return Optional.of(plugin);
            }

            @Override
            public Set<String> types() {
              return Set.of("scripted");
            }
          },
          name -> null,
          new AgentMetrics(),
          Clock.systemUTC(),
          RetryBackoff.DEFAULT);
  // Events go nowhere: nothing listens on port 1, and posting an Event never fails a pass.
  private final KubernetesClient nowhere =
      new KubernetesClientBuilder()
          .withConfig(
              new ConfigBuilder()
                  .withMasterUrl("http://127.0.0.1:1")
                  .withRequestRetryBackoffLimit(0)
                  .build())
          .build();
  private final CredentialSourceReconciler reconciler =
      new CredentialSourceReconciler(
          sessions,
          EventRecorder.onApiServer(nowhere, Clock.systemUTC(), "test-replica"),
          Clock.systemUTC(),
          RetryBackoff.DEFAULT);
  private final List<String> passesAsked = new ArrayList<>();
  private final CredentialSource source = source();

  @AfterEach
  void close() {
    sessions.close();
    nowhere.close();
  }

  @Test
  void aFailingCallTurnsReadyFalseWithItsReasonAndTheNextSuccessTurnsItBack() throws Exception {
    assertThat(pass()).as("the first pass writes Ready").isNotNull();
    assertThat(ready().getStatus()).isEqualTo("True");
    sessions.outcomes().onChange(passesAsked::add);
    CredentialSession session = sessions.session(source);

    session.version(REF);
    session.fetch(REF);
    assertThat(passesAsked).as("a quiet refresh asks for no pass").isEmpty();
    assertThat(pass()).as("and a pass writes nothing").isNull();

    plugin.failure = new SourceException.Transient("OpenBao is sealed", null);
    assertThatThrownBy(() -> session.version(REF)).isInstanceOf(SourceException.class);
    assertThatThrownBy(() -> session.version(REF)).isInstanceOf(SourceException.class);
    assertThat(passesAsked).containsExactly("src");
    int healthChecks = plugin.healthChecks.get();
    assertThat(pass()).isNotNull();
    assertThat(ready().getStatus()).isEqualTo("False");
    assertThat(ready().getReason()).isEqualTo("SourceUnavailable");
    assertThat(ready().getMessage()).isEqualTo("version failed: OpenBao is sealed");
    assertThat(plugin.healthChecks)
        .as("the call's outcome is reported as it is")
        .hasValue(healthChecks);

    assertThatThrownBy(() -> session.version(REF)).isInstanceOf(SourceException.class);
    assertThat(passesAsked).as("no change, no pass").hasSize(1);
    plugin.failure = null;
    session.version(REF);
    assertThat(passesAsked).hasSize(2);
    assertThat(pass()).isNotNull();
    assertThat(ready().getStatus()).isEqualTo("True");
    assertThat(ready().getReason()).isEqualTo("Ready");
    assertThat(pass()).isNull();
  }

  @Test
  void aRefusedTokenAndAPluginFaultNameTheirReasonAndNoSecret() throws Exception {
    pass();
    CredentialSession session = sessions.session(source);

    plugin.failure = new SourceException.AuthFailed("permission denied for the token", null);
    assertThatThrownBy(() -> session.fetch(REF)).isInstanceOf(SourceException.class);
    pass();
    assertThat(ready().getReason()).isEqualTo("SourceAuthFailed");
    assertThat(ready().getMessage()).isEqualTo("fetch failed: permission denied for the token");

    plugin.failure = null;
    plugin.thrown = new IllegalStateException("password=hunter2");
    assertThatThrownBy(() -> session.fetch(REF)).isInstanceOf(SourceException.class);
    pass();
    assertThat(ready().getStatus()).isEqualTo("False");
    assertThat(ready().getReason()).isEqualTo("PluginFailed");
    assertThat(ready().getMessage())
        .contains("java.lang.IllegalStateException")
        .doesNotContain("hunter2");
  }

  @Test
  void aSourceThatIsNotReadyIsCheckedAgainOnItsBackoffUntilItStaysReadyForARecheck() {
    plugin.unhealthy = "sealed";

    List<Duration> waits = new ArrayList<>();
    for (int check = 0; check < 3; check++) {
      waits.add(recheck());
    }
    plugin.unhealthy = null;
    Duration whenReady = recheck();
    plugin.unhealthy = "sealed again";
    Duration afterOneReadyCheck = recheck();
    plugin.unhealthy = null;
    recheck();
    Duration readyAgain = recheck();
    plugin.unhealthy = "sealed once more";
    Duration afterTwoReadyChecks = recheck();

    assertThat(ready().getReason()).isEqualTo("Unhealthy");
    // RetryBackoff.DEFAULT: 10 s doubling, each up to a fifth shorter at random.
    assertThat(waits.get(0)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
    assertThat(waits.get(1)).isBetween(Duration.ofSeconds(16), Duration.ofSeconds(20));
    assertThat(waits.get(2)).isBetween(Duration.ofSeconds(32), Duration.ofSeconds(40));
    assertThat(whenReady).isEqualTo(CredentialSourceReconciler.RECHECK_READY);
    assertThat(afterOneReadyCheck)
        .as("a store that answered one check")
        .isBetween(Duration.ofSeconds(64), Duration.ofSeconds(80));
    assertThat(readyAgain).isEqualTo(CredentialSourceReconciler.RECHECK_READY);
    assertThat(afterTwoReadyChecks)
        .as("a store that stayed Ready for a recheck")
        .isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
  }

  @Test
  void aHealthyStoreWhoseCallsStillFailDoesNotStartTheBackoffOver() throws Exception {
    pass();
    CredentialSession session = sessions.session(source);
    plugin.failure = new SourceException.Transient("the database behind the store is down", null);

    assertThatThrownBy(() -> session.version(REF)).isInstanceOf(SourceException.class);
    Duration first = recheck();
    Duration healthy = recheck();
    assertThatThrownBy(() -> session.version(REF)).isInstanceOf(SourceException.class);
    Duration second = recheck();
    plugin.failure = null;
    session.version(REF);
    recheck();
    plugin.failure = new SourceException.Transient("down again", null);
    assertThatThrownBy(() -> session.version(REF)).isInstanceOf(SourceException.class);
    Duration afterAWorkingCall = recheck();

    assertThat(first).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
    assertThat(healthy)
        .as("Ready by its own check")
        .isEqualTo(CredentialSourceReconciler.RECHECK_READY);
    assertThat(second)
        .as("the next failed call after a health-only Ready")
        .isBetween(Duration.ofSeconds(16), Duration.ofSeconds(20));
    assertThat(afterAWorkingCall).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
  }

  /** Runs a pass, keeps its status, and returns when the pass asked to run again. */
  private Duration recheck() {
    UpdateControl<CredentialSource> control = reconciler.reconcile(source, null);
    control.getResource().ifPresent(written -> source.setStatus(written.getStatus()));
    return Duration.ofMillis(control.getScheduleDelay().orElseThrow());
  }

  /** Runs a pass and keeps its status as stored; returns the written status' resource, or null. */
  private CredentialSource pass() {
    UpdateControl<CredentialSource> control = reconciler.reconcile(source, null);
    if (!control.isPatchStatus()) {
      return null;
    }
    source.setStatus(control.getResource().orElseThrow().getStatus());
    return source;
  }

  private Condition ready() {
    return StatusConditions.get(source.getStatus(), StatusConditions.READY);
  }

  private static CredentialSource source() {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName("src");
    source.getMetadata().setGeneration(1L);
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType("scripted");
    spec.setConfig(Map.of());
    ResilienceSpec resilience = new ResilienceSpec();
    resilience.setMaxAttempts(1);
    resilience.setFailureRateThreshold(100);
    spec.setResilience(resilience);
    source.setSpec(spec);
    return source;
  }

  /** A plugin whose calls fail with {@code failure} or throw {@code thrown} while they are set. */
  private static final class ScriptedPlugin implements CredentialSourceFactory, CredentialSession {
    volatile SourceException failure;
    volatile RuntimeException thrown;
    volatile String unhealthy;
    final AtomicInteger healthChecks = new AtomicInteger();

    @Override
    public String type() {
      return "scripted";
    }

    @Override
    public Validation validate(Settings config) {
      return Validation.ok();
    }

    @Override
    public CredentialSession open(Settings config, SourceContext context) {
      return this;
    }

    @Override
    public Credential fetch(Settings ref) throws SourceException {
      act();
      return Credential.of(
          new io.pullwarden.plugin.CredentialSecret.UsernamePassword("robot", "hunter2"), "v1");
    }

    @Override
    public Optional<String> version(Settings ref) throws SourceException {
      act();
      return Optional.of("v1");
    }

    @Override
    public Health health() {
      healthChecks.incrementAndGet();
      return unhealthy == null ? Health.ready() : Health.error(unhealthy);
    }

    @Override
    public void close() {}

    private void act() throws SourceException {
      if (failure != null) {
        throw failure;
      }
      if (thrown != null) {
        throw thrown;
      }
    }
  }
}
