package io.pullwarden.agent.source;

import static io.pullwarden.agent.source.MisbehavingPlugin.Act.HANG;
import static io.pullwarden.agent.source.MisbehavingPlugin.Act.NULL;
import static io.pullwarden.agent.source.MisbehavingPlugin.Act.THROW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.agent.customresource.ResilienceSpec;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Each source in its own lane: hand-written plugins that hang, throw (with a password in the
 * message) or return null, next to one that works. A test that hangs instead of failing means a
 * lock is shared; the class timeout turns that into a failure.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SourceSessionsTest {

  private static final ExecutorService POOL = Executors.newCachedThreadPool();
  private static final Settings REF = Settings.of("spec.registries[0].ref", Map.of("name", "x"));

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
  private final AgentMetrics metrics = new AgentMetrics();
  private final MisbehavingPlugin bad = new MisbehavingPlugin("bad");
  private final MisbehavingPlugin good = new MisbehavingPlugin("good");
  private final SourceSessions sessions =
      new SourceSessions(
          new SourceFactories() {
            @Override
            public Optional<io.pullwarden.plugin.CredentialSourceFactory> factory(String type) {
              return Optional.ofNullable(Map.of("bad", bad, "good", good).get(type));
            }

            @Override
            public Set<String> types() {
              return Set.of("bad", "good");
            }
          },
          name -> null,
          metrics,
          clock,
          RetryBackoff.DEFAULT);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger agentLogger = (Logger) LoggerFactory.getLogger("io.pullwarden");
  private Level level;

  @BeforeEach
  void captureLogs() {
    level = agentLogger.getLevel();
    agentLogger.setLevel(Level.DEBUG);
    logs.start();
    agentLogger.addAppender(logs);
  }

  @AfterEach
  void releaseAndClose() {
    agentLogger.detachAppender(logs);
    agentLogger.setLevel(level);
    bad.release.countDown();
    sessions.close();
  }

  @Test
  void aSourceWhoseOpenHangsDoesNotHoldUpAnotherSourcesOpen() throws Exception {
    bad.open = HANG;
    CompletableFuture<CredentialSession> stuck =
        CompletableFuture.supplyAsync(() -> sessionOrNull(source("stuck", "bad", 1, "1h")));
    bad.hanging.await();

    CredentialSession other = sessions.session(source("other", "good", 1, "1h"));

    assertThat(other.fetch(REF).version()).isEqualTo("v1");
    assertThat(stuck).isNotDone();
    assertThat(bad.opens).hasValue(1);
  }

  @Test
  void aHungOpenIsSourceTimeoutAndTheSourceWaitsItsBackoffBeforeOpeningAgain() {
    bad.open = HANG;
    CredentialSource source = source("stuck", "bad", 1, "50ms");

    PluginFault first = fault(() -> sessions.session(source));
    PluginFault during = fault(() -> sessions.session(source));
    int opensDuringBackoff = bad.opens.get();
    clock.advance(RetryBackoff.DEFAULT.initial());
    PluginFault after = fault(() -> sessions.session(source));

    assertThat(first).isInstanceOf(PluginFault.TimedOut.class);
    assertThat(first.reason()).isEqualTo("SourceTimeout");
    assertThat(first.getMessage())
        .isEqualTo(
            "the bad plugin did not finish open within 50ms (spec.resilience.timeout); raise it"
                + " if the store is slow");
    assertThat(during).as("no new attempt while backing off").isSameAs(first);
    assertThat(opensDuringBackoff).isEqualTo(1);
    assertThat(after).isInstanceOf(PluginFault.TimedOut.class).isNotSameAs(first);
    assertThat(bad.opens).hasValue(2);
    assertThat(metrics.scrape())
        .contains(
            "pullwarden_source_requests_total{operation=\"open\",outcome=\"timeout\","
                + "plugin=\"bad\",source=\"stuck\"} 2.0");
  }

  @Test
  void everyCallerWaitingForAHungOpenGetsSourceTimeoutAndOneAttemptIsMade() throws Exception {
    bad.open = HANG;
    CredentialSource source = source("stuck", "bad", 1, "1s");
    List<CompletableFuture<PluginFault>> callers = new ArrayList<>();
    callers.add(CompletableFuture.supplyAsync(() -> fault(() -> sessions.session(source)), POOL));
    bad.hanging.await();
    for (int i = 0; i < 7; i++) {
      callers.add(CompletableFuture.supplyAsync(() -> fault(() -> sessions.session(source)), POOL));
    }

    for (CompletableFuture<PluginFault> caller : callers) {
      assertThat(caller.get()).isInstanceOf(PluginFault.TimedOut.class);
    }
    assertThat(bad.opens).hasValue(1);
  }

  @Test
  void aPluginThatThrowsIsNamedWithTheExceptionClassAndNeverItsMessage() {
    bad.open = THROW;

    PluginFault fault = fault(() -> sessions.session(source("throws", "bad", 1, "10s")));

    assertThat(fault).isInstanceOf(PluginFault.Threw.class);
    assertThat(fault.reason()).isEqualTo("PluginFailed");
    assertThat(fault.getMessage())
        .contains("the bad plugin failed in open with java.lang.IllegalStateException")
        .doesNotContain(MisbehavingPlugin.SECRET);
    assertThat(metrics.scrape())
        .contains("operation=\"open\",outcome=\"plugin_error\",plugin=\"bad\",source=\"throws\"");
    assertThat(logged()).contains("java.lang.IllegalStateException").doesNotContain("hunter2");
  }

  @Test
  void aValidateThatThrowsIsAFaultOfValidate() {
    bad.validate = THROW;

    PluginFault fault = fault(() -> sessions.session(source("throws", "bad", 1, "10s")));

    assertThat(fault.operation()).isEqualTo("validate");
    assertThat(fault.getMessage()).doesNotContain(MisbehavingPlugin.SECRET);
    assertThat(bad.opens).hasValue(0);
  }

  @Test
  void nullFromFetchOrVersionIsAFaultNotAMissingVersion() throws Exception {
    FakeTimers timers = new FakeTimers(clock);
    CredentialCache cache = new CredentialCache(clock, timers, metrics, syncs -> {});
    CredentialSession session = sessions.session(source("nulls", "bad", 1, "10s"));
    CredentialKey key = new CredentialKey("nulls", 1, Map.of("name", "x"));
    cache.current("s", key, session, REF, Duration.ofMinutes(1), LeasePolicy.DEFAULT);

    bad.version = NULL;
    clock.advance(Duration.ofMinutes(2));
    PluginFault fromVersion =
        fault(
            () ->
                cache.current("s", key, session, REF, Duration.ofMinutes(1), LeasePolicy.DEFAULT));
    int fetchesAfterVersion = bad.fetches.get();
    bad.fetch = NULL;
    PluginFault fromFetch = fault(() -> session.fetch(REF));

    assertThat(fromVersion).isInstanceOf(PluginFault.ReturnedNull.class);
    assertThat(fromVersion.getMessage())
        .isEqualTo(
            "the bad plugin returned null from version, which the plugin contract does not allow;"
                + " report it to the plugin's authors");
    assertThat(fetchesAfterVersion).as("not read again as if it had no version").isEqualTo(1);
    assertThat(fromFetch.operation()).isEqualTo("fetch");
    assertThat(metrics.scrape()).contains("operation=\"version\",outcome=\"plugin_error\"");
  }

  @Test
  void aFetchThatThrowsIsNamedAndNotRetriedAsIfTheStoreWereDown() {
    bad.fetch = THROW;

    PluginFault fault = fault(() -> sessions.session(source("throws", "bad", 1, "10s")).fetch(REF));

    assertThat(fault.getMessage())
        .contains("failed in fetch with java.lang.IllegalStateException")
        .doesNotContain(MisbehavingPlugin.SECRET);
    assertThat(bad.fetches).hasValue(1);
    assertThat(logged()).doesNotContain(MisbehavingPlugin.SECRET);
  }

  @Test
  void aHealthCheckThatHangsTimesOut() {
    bad.health = HANG;

    PluginFault fault = fault(() -> sessions.health(source("sick", "bad", 1, "50ms")));

    assertThat(fault).isInstanceOf(PluginFault.TimedOut.class);
    assertThat(fault.operation()).isEqualTo("health");
  }

  @Test
  void aChangedSourceThatCannotOpenStopsServingTheOldSession() throws Exception {
    CredentialSession old = sessions.session(source("changing", "bad", 1, "10s"));
    assertThat(sessions.health(source("changing", "bad", 1, "10s"))).isEqualTo(Health.ready());
    bad.open = THROW;

    PluginFault fault = fault(() -> sessions.session(source("changing", "bad", 2, "10s")));
    SourceException stale =
        catchThrowableOfType(
            SourceException.class, () -> sessions.session(source("changing", "bad", 1, "10s")));

    assertThat(fault).isInstanceOf(PluginFault.Threw.class);
    assertThat(stale).as("an older copy of the source gets no session").isNotNull();
    await().untilAsserted(() -> assertThat(bad.closes).hasValue(1));
    assertThat(old).isNotNull();
  }

  @Test
  void aNewGenerationOpensAtOnceEvenWhileTheOldOneBacksOff() throws Exception {
    bad.open = THROW;
    fault(() -> sessions.session(source("fixed", "bad", 1, "10s")));
    bad.open = MisbehavingPlugin.Act.WORK;

    CredentialSession session = sessions.session(source("fixed", "bad", 2, "10s"));

    assertThat(session.fetch(REF).version()).isEqualTo("v1");
    assertThat(bad.opens).hasValue(2);
  }

  private CredentialSession sessionOrNull(CredentialSource source) {
    try {
      return sessions.session(source);
    } catch (SourceException e) {
      return null;
    }
  }

  private String logged() {
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent event : logs.list) {
      text.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    return text.toString();
  }

  /** The fault the call failed with; fails the test if it did not fail with one. */
  private static PluginFault fault(ThrowingCall call) {
    SourceException failure = catchThrowableOfType(SourceException.class, call::run);
    assertThat(failure).as("the call failed").isNotNull();
    assertThat(failure.getMessage()).doesNotContain(MisbehavingPlugin.SECRET);
    return PluginFault.in(failure).orElseThrow(() -> new AssertionError("no fault in " + failure));
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }

  static CredentialSource source(String name, String type, long generation, String timeout) {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName(name);
    source.getMetadata().setGeneration(generation);
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType(type);
    spec.setConfig(Map.of());
    ResilienceSpec resilience = new ResilienceSpec();
    resilience.setTimeout(timeout);
    spec.setResilience(resilience);
    source.setSpec(spec);
    return source;
  }
}
