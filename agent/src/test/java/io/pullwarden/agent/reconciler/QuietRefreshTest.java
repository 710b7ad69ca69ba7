package io.pullwarden.agent.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.agent.customresource.PullSecretSync;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a refresh may stop after checking the credential: only when nothing a full pass reads
 * changed since the last one that left nothing to retry, and that pass is recent.
 */
class QuietRefreshTest {

  private static final Instant START = Instant.parse("2026-12-01T05:00:00Z");

  private final SettableClock clock = new SettableClock(START);
  private final QuietRefresh quiet = new QuietRefresh(clock);
  private final PullSecretSync sync = sync("uid-1", 3L);
  private final QuietRefresh.Inputs inputs = inputs("password", Optional.empty(), List.of());

  @BeforeEach
  void aFullPassSettled() {
    quiet.takeWoken("team");
    quiet.settled(sync, inputs);
  }

  @Test
  void aRefreshThatFindsEverythingAsTheLastFullPassLeftItStops() {
    assertThat(quiet.mayStop(sync, false, inputs)).isTrue();
    clock.advance(Duration.ofMinutes(4));
    assertThat(quiet.mayStop(sync, false, inputs("password", Optional.empty(), List.of())))
        .as("equal inputs, built again")
        .isTrue();
  }

  @Test
  void aWatchEventForTheSyncMakesItsNextPassFull() {
    quiet.woken("team");

    assertThat(quiet.mayStop(sync, quiet.takeWoken("team"), inputs)).isFalse();
    assertThat(quiet.takeWoken("team")).as("taken once").isFalse();
    quiet.woken("other");
    assertThat(quiet.takeWoken("team")).as("another sync's event").isFalse();
  }

  @Test
  void aChangedSpecCredentialExpiryOrRegistryCheckMakesItFull() {
    assertThat(quiet.mayStop(sync("uid-1", 4L), false, inputs)).as("new generation").isFalse();
    assertThat(quiet.mayStop(sync("uid-2", 3L), false, inputs)).as("recreated").isFalse();
    assertThat(quiet.mayStop(sync, false, inputs("rotated", Optional.empty(), List.of())))
        .as("credential")
        .isFalse();
    assertThat(
            quiet.mayStop(
                sync, false, inputs("password", Optional.of(START.plusSeconds(3600)), List.of())))
        .as("expiry")
        .isFalse();
    RegistryCheckStatus check =
        new RegistryCheckStatus("registry.example.com", "Warn", "Rejected", 401, "no", null);
    assertThat(quiet.mayStop(sync, false, inputs("password", Optional.empty(), List.of(check))))
        .as("registry check")
        .isFalse();
  }

  @Test
  void aFullPassComesAtLeastEveryFiveMinutes() {
    clock.advance(QuietRefresh.FULL_PASS_EVERY);

    assertThat(quiet.mayStop(sync, false, inputs)).isFalse();
  }

  @Test
  void aPassThatStoppedEarlyOrASyncThatWentUnsettlesIt() {
    quiet.unsettle("team");
    assertThat(quiet.mayStop(sync, false, inputs)).as("unsettled").isFalse();

    quiet.settled(sync, inputs);
    quiet.woken("team");
    quiet.forget("team");
    assertThat(quiet.takeWoken("team")).as("forgotten").isFalse();
    assertThat(quiet.mayStop(sync, false, inputs)).as("forgotten").isFalse();
  }

  private static PullSecretSync sync(String uid, long generation) {
    PullSecretSync sync = new PullSecretSync();
    sync.getMetadata().setName("team");
    sync.getMetadata().setUid(uid);
    sync.getMetadata().setGeneration(generation);
    return sync;
  }

  private static QuietRefresh.Inputs inputs(
      String password, Optional<Instant> expiresAt, List<RegistryCheckStatus> checks) {
    return QuietRefresh.Inputs.of(
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
