package io.pullwarden.agent.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.agent.customresource.NamespaceCounts;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncStatus;
import io.pullwarden.agent.customresource.RegistryCheckStatus;
import io.pullwarden.agent.dockerconfig.TestLogins;
import io.pullwarden.agent.fanout.SourceGrants;
import io.pullwarden.plugin.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How much a pass plans: nothing for a refresh that finds everything as the last settled pass left
 * it, only the new namespaces when those alone woke a sync that pass left all current, else all.
 */
class PassScopeTest {

  private static final Instant START = Instant.parse("2026-12-01T05:00:00Z");

  private final SettableClock clock = new SettableClock(START);
  private final PassScope scope = new PassScope(clock);
  private final PullSecretSync sync = sync("uid-1", 3L, status(12));
  private final PassScope.Inputs inputs = inputs("password", Optional.empty(), List.of());

  @BeforeEach
  void aFullPassSettledWithEveryNamespaceCurrent() {
    scope.take("team");
    scope.settled(sync, inputs, sync.getStatus(), true, START);
  }

  @Test
  void aRefreshThatFindsEverythingAsTheSettledPassLeftItStops() {
    assertThat(scope.mayStop(sync, scope.take("team"), inputs)).isTrue();
    clock.advance(Duration.ofMinutes(4));
    assertThat(
            scope.mayStop(
                sync, PassScope.Wake.NONE, inputs("password", Optional.empty(), List.of())))
        .as("equal inputs, built again")
        .isTrue();
  }

  @Test
  void wokenNamespacesAloneArePlannedAloneAnythingElseWakesAFullPass() {
    scope.wokenFor("team", "new-a");
    scope.wokenFor("team", "new-b");
    PassScope.Wake wake = scope.take("team");

    assertThat(wake.namespaces()).containsExactlyInAnyOrder("new-a", "new-b");
    assertThat(scope.mayStop(sync, wake, inputs)).isFalse();
    assertThat(scope.mayPlanOnlyWoken(sync, wake, inputs)).isTrue();
    assertThat(scope.take("team")).as("taken once").isEqualTo(PassScope.Wake.NONE);

    scope.wokenFor("team", "new-a");
    scope.woken("team");
    scope.wokenFor("team", "new-c");
    assertThat(scope.take("team")).as("full stays full").isEqualTo(PassScope.Wake.FULL);
    assertThat(scope.mayPlanOnlyWoken(sync, PassScope.Wake.FULL, inputs)).isFalse();

    IntStream.rangeClosed(0, PassScope.MAX_NAMESPACES)
        .forEach(i -> scope.wokenFor("team", "n" + i));
    assertThat(scope.take("team")).as("too many at once").isEqualTo(PassScope.Wake.FULL);

    scope.woken("other");
    assertThat(scope.take("team")).as("another sync's event").isEqualTo(PassScope.Wake.NONE);
  }

  @Test
  void onlyASettledPassThatLeftEveryNamespaceCurrentAllowsANamespacesPass() {
    scope.settled(sync, inputs, sync.getStatus(), false, START);
    PassScope.Wake wake = new PassScope.Wake(false, Set.of("new-a"));

    assertThat(scope.mayPlanOnlyWoken(sync, wake, inputs)).isFalse();
    assertThat(scope.mayStop(sync, PassScope.Wake.NONE, inputs))
        .as("a refresh may still stop: nothing changed")
        .isTrue();
  }

  @Test
  void aChangedSpecCredentialExpiryRegistryCheckOrStatusMakesItFull() {
    assertThat(scope.mayStop(sync("uid-1", 4L, status(12)), PassScope.Wake.NONE, inputs))
        .as("new generation")
        .isFalse();
    assertThat(scope.mayStop(sync("uid-2", 3L, status(12)), PassScope.Wake.NONE, inputs))
        .as("recreated")
        .isFalse();
    assertThat(
            scope.mayStop(
                sync, PassScope.Wake.NONE, inputs("rotated", Optional.empty(), List.of())))
        .as("credential")
        .isFalse();
    assertThat(
            scope.mayStop(
                sync,
                PassScope.Wake.NONE,
                inputs("password", Optional.of(START.plusSeconds(3600)), List.of())))
        .as("expiry")
        .isFalse();
    RegistryCheckStatus check =
        new RegistryCheckStatus("registry.example.com", "Warn", "Rejected", 401, "no", null);
    assertThat(
            scope.mayStop(
                sync, PassScope.Wake.NONE, inputs("password", Optional.empty(), List.of(check))))
        .as("registry check")
        .isFalse();
    assertThat(scope.mayStop(sync("uid-1", 3L, status(11)), PassScope.Wake.NONE, inputs))
        .as("a status other than the one the pass left (its patch failed)")
        .isFalse();
  }

  @Test
  void aFullPassComesAtLeastEveryFiveMinutesAfterTheLastFullOne() {
    clock.advance(Duration.ofMinutes(3));
    scope.settled(sync, inputs, sync.getStatus(), true, scope.fullPassAt("team"));
    clock.advance(Duration.ofMinutes(2));

    assertThat(scope.mayStop(sync, PassScope.Wake.NONE, inputs))
        .as("a namespaces pass in between does not count as full")
        .isFalse();
  }

  @Test
  void aPassThatStoppedEarlyOrASyncThatWentUnsettlesIt() {
    scope.unsettle("team");
    assertThat(scope.mayStop(sync, PassScope.Wake.NONE, inputs)).as("unsettled").isFalse();

    scope.settled(sync, inputs, sync.getStatus(), true, START);
    scope.woken("team");
    scope.forget("team");
    assertThat(scope.take("team")).as("forgotten").isEqualTo(PassScope.Wake.NONE);
    assertThat(scope.mayStop(sync, PassScope.Wake.NONE, inputs)).as("forgotten").isFalse();
  }

  @Test
  void syncsThatBecomeOrStopBeingRivalsAreNamedOnce() {
    assertThat(scope.rivalsChanged("team", Map.of())).isEmpty();
    assertThat(scope.rivalsChanged("team", Map.of("apps", List.of("other"))))
        .containsExactly("other");
    assertThat(
            scope.rivalsChanged("team", Map.of("apps", List.of("other"), "web", List.of("other"))))
        .as("the same rival in one more namespace")
        .isEmpty();
    assertThat(scope.rivalsChanged("team", Map.of("web", List.of("third"))))
        .containsExactly("other", "third");
    assertThat(scope.rivalsChanged("team", Map.of())).as("gone").containsExactly("third");
  }

  private static PullSecretSync sync(String uid, long generation, PullSecretSyncStatus status) {
    PullSecretSync sync = new PullSecretSync();
    sync.getMetadata().setName("team");
    sync.getMetadata().setUid(uid);
    sync.getMetadata().setGeneration(generation);
    sync.setStatus(status);
    return sync;
  }

  private static PullSecretSyncStatus status(int selected) {
    PullSecretSyncStatus status = new PullSecretSyncStatus();
    status.setNamespaces(new NamespaceCounts(selected, selected, 0, 0));
    return status;
  }

  private static PassScope.Inputs inputs(
      String password, Optional<Instant> expiresAt, List<RegistryCheckStatus> checks) {
    return PassScope.Inputs.of(
        new RegistryCredentials.Resolved(
            TestLogins.robot("registry.example.com", password),
            expiresAt,
            Map.of(),
            START,
            Set.of(),
            SourceGrants.of(List.of())),
        checks);
  }
}
