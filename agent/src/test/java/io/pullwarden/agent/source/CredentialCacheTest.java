package io.pullwarden.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {

  private static final Duration REFRESH = Duration.ofMinutes(5);
  private static final CredentialKey KEY = new CredentialKey("central", 1, Map.of("name", "x"));
  private static final Settings REF = Settings.of("spec.registries[0].ref", Map.of("name", "x"));

  private final MutableClock clock = new MutableClock();
  private final List<Set<String>> notified = new ArrayList<>();
  private final CredentialCache cache = new CredentialCache(clock, notified::add);
  private final StoreFake store = new StoreFake();

  @Test
  void withinTheRefreshIntervalTheStoreIsNotAskedAtAll() throws Exception {
    cache.current("a", KEY, store, REF, REFRESH);
    clock.advance(Duration.ofMinutes(4));
    cache.current("a", KEY, store, REF, REFRESH);
    cache.current("b", KEY, store, REF, REFRESH);

    assertThat(store.fetches).isEqualTo(1);
    assertThat(store.versionChecks).isZero();
  }

  @Test
  void afterTheIntervalAnUnchangedVersionCostsOneCheckAndNoFetch() throws Exception {
    cache.current("a", KEY, store, REF, REFRESH);
    clock.advance(REFRESH);
    Credential again = cache.current("a", KEY, store, REF, REFRESH);

    assertThat(store.fetches).isEqualTo(1);
    assertThat(store.versionChecks).isEqualTo(1);
    assertThat(again.version()).isEqualTo("v1");
  }

  @Test
  void aChangeIsFetchedOnceAndTheOtherSyncsAreTold() throws Exception {
    cache.current("a", KEY, store, REF, REFRESH);
    cache.current("b", KEY, store, REF, REFRESH);
    store.rotate("new-password");
    clock.advance(REFRESH);

    Credential seenByA = cache.current("a", KEY, store, REF, REFRESH);
    Credential seenByB = cache.current("b", KEY, store, REF, Duration.ofHours(1));

    assertThat(store.fetches).isEqualTo(2);
    assertThat(seenByB).isSameAs(seenByA);
    assertThat(notified).containsExactly(Set.of("b"));
  }

  @Test
  void aStoreSignalMakesTheNextUseCheckAgainAndWakesTheSyncs() throws Exception {
    cache.current("a", KEY, store, REF, REFRESH);
    store.rotate("pushed");

    cache.markStale("central");
    Credential after = cache.current("a", KEY, store, REF, REFRESH);

    assertThat(notified).containsExactly(Set.of("a"));
    assertThat(after.version()).isEqualTo("v2");
    assertThat(store.fetches).isEqualTo(2);
  }

  @Test
  void entriesNoSyncUsesAreDropped() throws Exception {
    cache.current("a", KEY, store, REF, REFRESH);
    cache.retain("a", Set.of());
    cache.current("a", KEY, store, REF, REFRESH);

    assertThat(store.fetches).isEqualTo(2);
  }

  /** A store with one credential whose version moves on rotate. */
  private static final class StoreFake implements CredentialSession {
    private int fetches;
    private int versionChecks;
    private int version = 1;
    private String password = "initial";

    void rotate(String newPassword) {
      password = newPassword;
      version++;
    }

    @Override
    public Credential fetch(Settings ref) {
      fetches++;
      return Credential.of(new UsernamePassword("robot", password), "v" + version);
    }

    @Override
    public Optional<String> version(Settings ref) {
      versionChecks++;
      return Optional.of("v" + version);
    }

    @Override
    public Health health() {
      return Health.ready();
    }

    @Override
    public void close() {}
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-24T12:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
