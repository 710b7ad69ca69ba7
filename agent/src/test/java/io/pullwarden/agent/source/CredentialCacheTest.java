package io.pullwarden.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Lease;
import io.pullwarden.plugin.LeaseControl;
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
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CredentialCacheTest {

  private static final Duration REFRESH = Duration.ofMinutes(5);
  private static final CredentialKey KEY = new CredentialKey("central", 1, Map.of("name", "x"));
  private static final Settings REF = Settings.of("spec.registries[0].ref", Map.of("name", "x"));

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
  private final List<Set<String>> notified = new ArrayList<>();
  private final FakeTimers timers = new FakeTimers(clock);
  private final CredentialCache cache =
      new CredentialCache(clock, timers, new AgentMetrics(), notified::add);
  private final StoreFake store = new StoreFake();

  @Test
  void withinTheRefreshIntervalTheStoreIsNotAskedAtAll() throws Exception {
    cache.current("a", KEY, store, REF, REFRESH, LeasePolicy.DEFAULT);
    clock.advance(Duration.ofMinutes(4));
    cache.current("a", KEY, store, REF, REFRESH, LeasePolicy.DEFAULT);
    cache.current("b", KEY, store, REF, REFRESH, LeasePolicy.DEFAULT);

    assertThat(store.fetches).isEqualTo(1);
    assertThat(store.versionChecks).isZero();
  }

  @Test
  void afterTheIntervalAnUnchangedVersionCostsOneCheckAndNoFetch() throws Exception {
    cache.current("a", KEY, store, REF, REFRESH, LeasePolicy.DEFAULT);
    clock.advance(REFRESH);
    Credential again = cache.current("a", KEY, store, REF, REFRESH, LeasePolicy.DEFAULT);

    assertThat(store.fetches).isEqualTo(1);
    assertThat(store.versionChecks).isEqualTo(1);
    assertThat(again.version()).isEqualTo("v1");
  }

  @Test
  void aChangeIsFetchedOnceAndTheOtherSyncsAreTold() throws Exception {
    cache.current("a", KEY, store, REF, REFRESH, LeasePolicy.DEFAULT);
    cache.current("b", KEY, store, REF, REFRESH, LeasePolicy.DEFAULT);
    store.rotate("new-password");
    clock.advance(REFRESH);

    Credential seenByA = cache.current("a", KEY, store, REF, REFRESH, LeasePolicy.DEFAULT);
    Credential seenByB =
        cache.current("b", KEY, store, REF, Duration.ofHours(1), LeasePolicy.DEFAULT);

    assertThat(store.fetches).isEqualTo(2);
    assertThat(seenByB).isSameAs(seenByA);
    assertThat(notified).containsExactly(Set.of("b"));
  }

  @Test
  void aStoreSignalMakesTheNextUseCheckAgainAndWakesTheSyncs() throws Exception {
    cache.current("a", KEY, store, REF, REFRESH, LeasePolicy.DEFAULT);
    store.rotate("pushed");

    cache.markStale("central");
    Credential after = cache.current("a", KEY, store, REF, REFRESH, LeasePolicy.DEFAULT);

    assertThat(notified).containsExactly(Set.of("a"));
    assertThat(after.version()).isEqualTo("v2");
    assertThat(store.fetches).isEqualTo(2);
  }

  @Test
  void entriesNoSyncUsesAreDropped() throws Exception {
    cache.current("a", KEY, store, REF, REFRESH, LeasePolicy.DEFAULT);
    cache.retain("a", Set.of());
    cache.current("a", KEY, store, REF, REFRESH, LeasePolicy.DEFAULT);

    assertThat(store.fetches).isEqualTo(2);
  }

  @Test
  void aLeaseIsRenewedAtTwoThirdsAndANewCredentialIsFetchedWhenTheMaximumTtlCutsIn()
      throws Exception {
    store.leaseTtl = Duration.ofSeconds(60);
    Credential first = cache.current("a", KEY, store, REF, REFRESH, noJitter());
    notified.clear();

    clock.advance(Duration.ofSeconds(41));
    timers.runDue();
    assertThat(store.renewals).isEqualTo(1);
    assertThat(notified).as("a renewal updates status, no rotation").containsExactly(Set.of("a"));
    assertThat(cache.current("a", KEY, store, REF, REFRESH, noJitter()).secret())
        .isEqualTo(first.secret());
    assertThat(store.fetches).isEqualTo(1);

    store.grantedTtl = Duration.ofSeconds(20);
    clock.advance(Duration.ofSeconds(41));
    timers.runDue();
    Credential second = cache.current("a", KEY, store, REF, REFRESH, noJitter());

    assertThat(store.fetches).as("max TTL near: a new credential").isEqualTo(2);
    assertThat(second.lease().orElseThrow().id()).isNotEqualTo(first.lease().orElseThrow().id());
    assertThat(store.revoked).as("the old lease lives through the grace period").isEmpty();
    clock.advance(Duration.ofMinutes(2));
    timers.runDue();
    assertThat(store.revoked).containsExactly(first.lease().orElseThrow().id());
  }

  @Test
  void theRenewalDueMovesOnWithEachRenewalAndStaysBehindWhenRenewingKeepsFailing()
      throws Exception {
    store.leaseTtl = Duration.ofHours(1);
    Instant obtained = clock.instant();
    cache.current("a", KEY, store, REF, REFRESH, noJitter());
    Duration twoThirds = Duration.ofMinutes(40).plusSeconds(12); // 67 % of an hour
    assertThat(cache.renewalDue(KEY)).contains(obtained.plus(twoThirds));

    clock.advance(twoThirds);
    timers.runDue();
    assertThat(store.renewals).isEqualTo(1);
    assertThat(store.renewedForSource)
        .as("the renewal's log lines name the source")
        .isEqualTo("central");
    assertThat(cache.renewalDue(KEY))
        .as("renewed on time: the next renewal is two thirds of a TTL later")
        .contains(clock.instant().plus(twoThirds));

    store.failure = new SourceException.Transient("Vault is sealed", null);
    Instant missed = clock.instant().plus(twoThirds);
    clock.advance(twoThirds);
    timers.runDue();
    assertThatThrownBy(() -> cache.current("a", KEY, store, REF, REFRESH, noJitter()))
        .isInstanceOf(SourceException.class);
    clock.advance(Duration.ofMinutes(10));
    assertThat(cache.renewalDue(KEY))
        .as("a failed renewal and fetch plan nothing")
        .contains(missed);

    store.failure = null;
    cache.current("a", KEY, store, REF, REFRESH, noJitter());
    assertThat(cache.renewalDue(KEY))
        .as("a new credential, a new plan")
        .contains(clock.instant().plus(twoThirds));
  }

  @Test
  void aLeasedCredentialIsNotReadAgainAtEachRefreshOnlyWhenItsLeaseSaysSo() throws Exception {
    store.leaseTtl = Duration.ofHours(1);
    cache.current("a", KEY, store, REF, Duration.ofMinutes(1), noJitter());

    clock.advance(Duration.ofMinutes(5));
    cache.current("a", KEY, store, REF, Duration.ofMinutes(1), noJitter());

    assertThat(store.fetches).as("a dynamic read would issue a new credential").isEqualTo(1);
    assertThat(store.versionChecks).isZero();
  }

  @Test
  void aTokenIsFetchedAnewBeforeItExpiresAndAPastExpiryDoesNotLoop() throws Exception {
    store.expiresIn = Duration.ofHours(12);
    cache.current("a", KEY, store, REF, Duration.ofDays(1), LeasePolicy.DEFAULT);
    assertThat(timers.nextDue())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(482).plusSeconds(24)));

    store.expiresIn = Duration.ofHours(-24);
    clock.advance(Duration.ofHours(9));
    timers.runDue();
    cache.current("a", KEY, store, REF, Duration.ofDays(1), LeasePolicy.DEFAULT);

    assertThat(store.fetches).isEqualTo(2);
    assertThat(timers.nextDue())
        .as("a past expiry waits the floor")
        .isEqualTo(clock.instant().plusSeconds(60));
  }

  private static LeasePolicy noJitter() {
    LeasePolicy d = LeasePolicy.DEFAULT;
    return new LeasePolicy(d.renewAt(), 0, true, d.revokeGrace(), d.floor(), d.ceiling());
  }

  /** A store with one credential whose version moves on rotate. */
  private final class StoreFake implements CredentialSession {
    private int fetches;
    private int versionChecks;
    private int renewals;
    private int version = 1;
    private String password = "initial";
    private Duration leaseTtl;
    private Duration grantedTtl;
    private Duration expiresIn;
    private SourceException failure;
    private String renewedForSource;
    private final List<String> revoked = new ArrayList<>();

    void rotate(String newPassword) {
      password = newPassword;
      version++;
    }

    @Override
    public Credential fetch(Settings ref) throws SourceException {
      if (failure != null) {
        throw failure;
      }
      fetches++;
      Credential credential =
          Credential.of(new UsernamePassword("robot", password + fetches), "v" + version);
      if (leaseTtl != null) {
        return credential.withLease(new Lease("creds/" + fetches, leaseTtl, true, clock.instant()));
      }
      return expiresIn == null
          ? credential
          : credential.withExpiry(clock.instant().plus(expiresIn));
    }

    @Override
    public Optional<LeaseControl> leases() {
      return Optional.of(
          new LeaseControl() {
            @Override
            public Lease renew(Lease lease) throws SourceException {
              if (failure != null) {
                throw failure;
              }
              renewals++;
              renewedForSource = MDC.get("source");
              Duration granted = grantedTtl == null ? lease.ttl() : grantedTtl;
              return new Lease(lease.id(), granted, true, clock.instant());
            }

            @Override
            public void revoke(Lease lease) {
              revoked.add(lease.id());
            }
          });
    }

    @Override
    public Optional<String> version(Settings ref) {
      versionChecks++;
      return leaseTtl != null || expiresIn != null ? Optional.empty() : Optional.of("v" + version);
    }

    @Override
    public Health health() {
      return Health.ready();
    }

    @Override
    public void close() {}
  }
}
