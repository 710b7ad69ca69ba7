package io.pullwarden.agent.reconciler;

import static io.pullwarden.agent.source.MisbehavingPlugin.Act.HANG;
import static io.pullwarden.agent.source.MisbehavingPlugin.Act.NULL;
import static io.pullwarden.agent.source.MisbehavingPlugin.Act.THROW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncSpec;
import io.pullwarden.agent.customresource.RegistrySpec;
import io.pullwarden.agent.customresource.ResilienceSpec;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.agent.source.CredentialCache;
import io.pullwarden.agent.source.MisbehavingPlugin;
import io.pullwarden.agent.source.RetryBackoff;
import io.pullwarden.agent.source.SourceFactories;
import io.pullwarden.agent.source.SourceSessions;
import io.pullwarden.agent.source.Timers;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a sync reports when the plugin behind one of its registries misbehaves. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryCredentialsTest {

  private final MisbehavingPlugin plugin = new MisbehavingPlugin("flaky");
  private final AgentMetrics metrics = new AgentMetrics();
  private final Clock clock = Clock.systemUTC();
  private final Timers timers = Timers.onThread(clock);
  private final SourceSessions sessions =
      new SourceSessions(
          new SourceFactories() {
            @Override
            public Optional<CredentialSourceFactory> factory(String type) {
              return type.equals(plugin.type()) ? Optional.of(plugin) : Optional.empty();
            }

            @Override
            public Set<String> types() {
              return Set.of(plugin.type());
            }
          },
          name -> null,
          metrics,
          clock,
          RetryBackoff.DEFAULT);

  /**
   * The sources' spec.resilience.timeout: long enough that a plugin that behaves never meets it on
   * a loaded machine; the test of a hanging plugin shortens it.
   */
  private String timeout = "30s";

  private final RegistryCredentials credentials =
      new RegistryCredentials(
          sessions,
          new CredentialCache(clock, timers, metrics, syncs -> {}),
          name -> Optional.of(source(name)),
          256 * 1024);

  @AfterEach
  void release() {
    plugin.release.countDown();
    sessions.close();
    timers.close();
  }

  @Test
  void anOpenThatThrowsBlocksTheSyncAsPluginFailedAndBacksOff() {
    plugin.open = THROW;

    SyncBlocked blocked = blocked("throws-on-open");

    assertThat(blocked.reason()).isEqualTo("PluginFailed");
    assertThat(blocked.backsOff()).isTrue();
    assertThat(blocked.getMessage())
        .startsWith(
            "CredentialSource throws-on-open: the flaky plugin failed in open with"
                + " java.lang.IllegalStateException")
        .doesNotContain(MisbehavingPlugin.SECRET);
  }

  @Test
  void anOpenThatHangsBlocksTheSyncAsSourceTimeout() {
    plugin.open = HANG;
    timeout = "100ms";

    SyncBlocked blocked = blocked("hangs-on-open");

    assertThat(blocked.reason()).isEqualTo("SourceTimeout");
    assertThat(blocked.backsOff()).isTrue();
    assertThat(blocked.getMessage())
        .isEqualTo(
            "CredentialSource hangs-on-open: the flaky plugin did not finish open within 100ms"
                + " (spec.resilience.timeout); raise it if the store is slow");
  }

  @Test
  void aNullCredentialNamesTheRegistryAndTheSource() {
    plugin.fetch = NULL;

    SyncBlocked blocked = blocked("null-fetch");

    assertThat(blocked.reason()).isEqualTo("PluginFailed");
    assertThat(blocked.getMessage())
        .isEqualTo(
            "spec.registries[0] (CredentialSource null-fetch): the flaky plugin returned null from"
                + " fetch, which the plugin contract does not allow; report it to the plugin's"
                + " authors");
  }

  /**
   * A store's answer within the plugin contract: what the user must fix waits for the refresh (or a
   * change), what only time fixes backs off, and a refused login opens a new session next time.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("storeAnswers")
  void aStoresAnswerBecomesItsReasonAndRetry(
      String answer, SourceException failure, String reason, boolean backsOff, int opensAfter) {
    plugin.fetchFailure = failure;

    SyncBlocked blocked = blocked("answers-" + answer);
    blocked("answers-" + answer);

    assertThat(blocked.reason()).isEqualTo(reason);
    assertThat(blocked.backsOff()).as("backs off").isEqualTo(backsOff);
    assertThat(blocked.retryAfter())
        .as("fixed retry: the default refresh interval")
        .isEqualTo(backsOff ? null : Duration.ofSeconds(10));
    assertThat(blocked.getMessage())
        .isEqualTo("spec.registries[0]: " + failure.getMessage())
        .doesNotContain(MisbehavingPlugin.SECRET);
    assertThat(plugin.opens).as("sessions opened for two passes").hasValue(opensAfter);
  }

  static Stream<Arguments> storeAnswers() {
    return Stream.of(
        Arguments.of(
            "not-found",
            new SourceException.NotFound("no secret at x"),
            "CredentialNotFound",
            false,
            1),
        Arguments.of(
            "invalid",
            new SourceException.InvalidConfig("x is not a path"),
            "InvalidReference",
            false,
            1),
        Arguments.of(
            "refused",
            new SourceException.AuthFailed("the token was refused", null),
            "SourceAuthFailed",
            true,
            2),
        Arguments.of(
            "down",
            new SourceException.Transient("the store answered 503", null),
            "SourceUnavailable",
            true,
            1));
  }

  @Test
  void theSamePluginBehavingResolves() throws Exception {
    RegistryCredentials.Resolved resolved = credentials.resolve(settings("works"));

    assertThat(resolved.config().json()).isNotEmpty();
  }

  private SyncBlocked blocked(String source) {
    return catchThrowableOfType(SyncBlocked.class, () -> credentials.resolve(settings(source)));
  }

  private static SyncSettings settings(String source) throws SyncBlocked {
    RegistrySpec registry = new RegistrySpec();
    registry.setServer("registry.example.com");
    registry.setSourceRef(source);
    registry.setRef(Map.of("name", "x"));
    PullSecretSyncSpec spec = new PullSecretSyncSpec();
    spec.setSecretName("pull");
    spec.setRegistries(List.of(registry));
    PullSecretSync sync = new PullSecretSync();
    sync.getMetadata().setName("sync-of-" + source);
    sync.getMetadata().setGeneration(1L);
    sync.setSpec(spec);
    return SyncSettings.parse(sync);
  }

  private CredentialSource source(String name) {
    ResilienceSpec resilience = new ResilienceSpec();
    resilience.setTimeout(timeout);
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType("flaky");
    spec.setConfig(Map.of());
    spec.setResilience(resilience);
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName(name);
    source.getMetadata().setGeneration(1L);
    source.setSpec(spec);
    return source;
  }
}
