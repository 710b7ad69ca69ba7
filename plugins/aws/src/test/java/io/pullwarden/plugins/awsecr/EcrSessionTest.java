package io.pullwarden.plugins.awsecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EcrSessionTest {

  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private static final Settings OWN = ref(Map.of());

  private final SettableClock clock = new SettableClock(START);
  private final FakeRegistryTokens registry = new FakeRegistryTokens();
  private boolean loginClosed;
  private final EcrSession session =
      new EcrSession(registry, clock, () -> loginClosed = true, "eu-west-1");
  private final Logger log = (Logger) LoggerFactory.getLogger(EcrSession.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    log.setLevel(Level.DEBUG);
    logged.start();
    log.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    log.detachAppender(logged);
    log.setLevel(null);
  }

  @Test
  void fetchGivesTheAwsLoginTheRegistryHostAndTheExpiry() throws Exception {
    registry.expiresAt = Optional.of(START.plus(Duration.ofHours(12)));

    Credential credential = session.fetch(OWN);

    assertThat(credential.secret()).isEqualTo(new UsernamePassword("AWS", "token-1"));
    assertThat(credential.server()).contains("123456789012.dkr.ecr.eu-west-1.amazonaws.com");
    assertThat(credential.expiresAt()).contains(Instant.parse("2030-01-01T12:00:00Z"));
    assertThat(credential.toString()).doesNotContain("token-1");
    assertThat(logged.list).isEmpty();
  }

  @Test
  void aTwelveHourTokenIsReusedForEightHoursThenReplacedOnce() throws Exception {
    registry.expiresAt = Optional.of(START.plus(Duration.ofHours(12)));
    String first = session.version(OWN).orElseThrow();
    assertThat(session.fetch(OWN).version()).isEqualTo(first);

    clock.advance(Duration.ofHours(8).minusMinutes(1).minusSeconds(1));
    assertThat(session.version(OWN)).contains(first);
    assertThat(session.fetch(OWN).secret()).isEqualTo(new UsernamePassword("AWS", "token-1"));
    assertThat(registry.calls).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    registry.expiresAt = Optional.of(clock.instant().plus(Duration.ofHours(12)));
    assertThat(clock.instant())
        .as("a minute before the 8 h point")
        .isEqualTo("2030-01-01T07:59:00Z");
    String second = session.version(OWN).orElseThrow();
    assertThat(second).isNotEqualTo(first);
    Credential renewed = session.fetch(OWN);
    assertThat(renewed.version()).isEqualTo(second);
    assertThat(renewed.secret()).isEqualTo(new UsernamePassword("AWS", "token-2"));
    assertThat(renewed.expiresAt()).contains(Instant.parse("2030-01-01T19:59:00Z"));
    assertThat(registry.calls).hasSize(2);
  }

  @Test
  void aPastExpiryCountsAsTwelveHoursFromNowWarnsOnceAndNeverLoops() throws Exception {
    registry.expiresAt = Optional.of(Instant.parse("2015-01-01T00:00:00Z"));

    Credential credential = session.fetch(OWN);
    for (int i = 0; i < 100; i++) {
      assertThat(session.version(OWN)).contains(credential.version());
    }
    assertThat(credential.expiresAt()).contains(Instant.parse("2030-01-01T12:00:00Z"));
    assertThat(registry.calls).as("GetAuthorizationToken calls").hasSize(1);

    clock.advance(Duration.ofHours(8));
    Credential renewed = session.fetch(OWN);
    assertThat(renewed.expiresAt()).contains(Instant.parse("2030-01-01T20:00:00Z"));
    assertThat(registry.calls).hasSize(2);

    assertThat(logged.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage)
        .asString()
        .contains("https://123456789012.dkr.ecr.eu-west-1.amazonaws.com")
        .contains("2015-01-01T00:00:00Z")
        .contains("assuming ECR's 12 h lifetime")
        .contains("expires at 2030-01-01T12:00:00Z and is renewed at 2030-01-01T08:00:00Z")
        .doesNotContain("token-1");
    assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.DEBUG).hasSize(1);
  }

  @Test
  void eachRegistryHasItsOwnTokenAndEqualRefsShareOne() throws Exception {
    Credential own = session.fetch(OWN);
    Credential other = session.fetch(ref(Map.of("registryId", "210987654321")));
    session.fetch(ref(Map.of("registryId", "210987654321")));
    session.fetch(ref(Map.of("registryId", 210987654321L)));

    assertThat(other.server()).contains("210987654321.dkr.ecr.eu-west-1.amazonaws.com");
    assertThat(other.version()).isNotEqualTo(own.version());
    assertThat(registry.calls).containsExactly(Optional.empty(), Optional.of("210987654321"));
  }

  @Test
  void failuresReachTheAgentAndHealthUntilACallSucceeds() throws Exception {
    registry.failure = new SourceException.Transient("GetAuthorizationToken failed: 503", null);
    assertThatThrownBy(() -> session.fetch(OWN)).isSameAs(registry.failure);
    assertThat(session.health()).isEqualTo(Health.error("GetAuthorizationToken failed: 503"));

    registry.failure = null;
    session.fetch(OWN);
    assertThat(session.health()).isEqualTo(Health.ready());
  }

  @Test
  void aMalformedTokenIsTransientAndNotShown() {
    registry.token = "not base64 hunter2";

    assertThatThrownBy(() -> session.fetch(OWN))
        .isInstanceOf(SourceException.Transient.class)
        .hasMessage("ECR returned an authorization token that is not base64 'user:password'");
  }

  @Test
  void badRefsAreRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> session.fetch(ref(Map.of("registryId", "12345"))))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageStartingWith("spec.registries[0].ref.registryId must be the 12-digit");
    assertThatThrownBy(() -> session.version(ref(Map.of("region", "eu-west-1"))))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessage(
            "spec.registries[0].ref.region is not an aws-ecr ref field; the only one is registryId");
    assertThat(registry.calls).isEmpty();
  }

  @Test
  void closeIsIdempotentAndEndsTheSession() {
    session.close();
    session.close();

    assertThat(registry.closed).isTrue();
    assertThat(loginClosed).isTrue();
    assertThat(session.health().state()).isEqualTo(Health.State.ERROR);
    assertThatThrownBy(() -> session.fetch(OWN)).isInstanceOf(IllegalStateException.class);
    assertThat(List.copyOf(registry.calls)).isEmpty();
  }

  private static Settings ref(Map<String, Object> values) {
    return Settings.of("spec.registries[0].ref", values);
  }
}
