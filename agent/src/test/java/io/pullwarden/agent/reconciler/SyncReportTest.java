package io.pullwarden.agent.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.dockerconfig.TestLogins;
import io.pullwarden.agent.fanout.NamespaceOutcome;
import io.pullwarden.agent.fanout.NamespaceOutcome.Result;
import io.pullwarden.agent.fanout.SourceGrants;
import io.pullwarden.agent.metrics.AgentMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a pass's result becomes status and Events: writes only on a change, Events only on a
 * transition (a rotation, a new problem, a recovery), each with the reason users look up. The store
 * is simulated by applying each status patch to the resource, as the API server would.
 */
class SyncReportTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

  private final RecordingEvents events = new RecordingEvents();
  private final AgentMetrics metrics = new AgentMetrics();
  private final SyncReport report = new SyncReport(events, metrics, CLOCK);
  private final PullSecretSync sync = sync();

  @Test
  void aQuietPassWritesNoStatusAndPostsNoEvent() {
    store(report.synced(sync, resolved("one"), synced("a", "b"), List.of()));
    events.posted.clear();

    UpdateControl<PullSecretSync> again =
        report.synced(sync, resolved("one"), synced("a", "b"), List.of());

    assertThat(again.isNoUpdate()).as("status write on a quiet pass").isTrue();
    assertThat(events.posted).isEmpty();
  }

  @Test
  void aNewCredentialIsOneRotationEventAndCount() {
    store(report.synced(sync, resolved("one"), synced("a"), List.of()));

    store(report.synced(sync, resolved("two"), written("a"), List.of()));
    store(report.synced(sync, resolved("two"), synced("a"), List.of()));

    assertThat(events.reasons()).containsExactly(Reason.CREDENTIAL_ROTATED.toString());
    assertThat(metrics.scrape()).contains("pullwarden_rotations_total{sync=\"team\"} 1.0");
  }

  @Test
  void anAgentRestartedOnTheSameCredentialReportsNoRotation() {
    store(report.synced(sync, resolved("one"), synced("a"), List.of()));
    SyncReport restarted = new SyncReport(events, new AgentMetrics(), CLOCK);

    restarted.synced(sync, resolved("one"), synced("a"), List.of());

    assertThat(events.reasons()).isEmpty();
  }

  @Test
  void aBlockedSyncWarnsOnceWithItsReasonAndRecoversWithAnEvent() {
    store(report.synced(sync, resolved("one"), synced("a"), List.of()));
    SyncBlocked unreachable =
        new SyncBlocked(Reason.SOURCE_UNAVAILABLE.toString(), "store down", null);

    store(report.blocked(sync, unreachable, OptionalInt.of(1), null));
    UpdateControl<PullSecretSync> second =
        report.blocked(sync, unreachable, OptionalInt.of(1), null);
    store(report.synced(sync, resolved("one"), synced("a"), List.of()));

    assertThat(second.isNoUpdate()).as("status write when nothing changed").isTrue();
    assertThat(events.posted)
        .containsExactly("Warning " + Reason.SOURCE_UNAVAILABLE, "Normal " + Reason.RECOVERED);
    assertThat(condition("Ready")).isEqualTo("True " + Reason.SYNCED);
  }

  @Test
  void aBlockedSyncWithALongMessageWarnsOnceNotEveryPass() {
    SyncBlocked invalid =
        new SyncBlocked(Reason.INVALID_SPEC.toString(), "spec.registries: bad; ".repeat(100), null);

    store(report.blocked(sync, invalid, OptionalInt.empty(), null));
    store(report.blocked(sync, invalid, OptionalInt.empty(), null));

    assertThat(events.posted).containsExactly("Warning " + Reason.INVALID_SPEC);
  }

  @Test
  void conflictsOfOneKindNameTheirReasonAndMixedOnesSayConflicts() {
    NamespaceOutcome refused = conflict("x", Reason.NAMESPACE_NOT_ALLOWED);
    NamespaceOutcome taken = conflict("y", Reason.MANAGED_BY_OTHER_SYNC);

    store(
        report.synced(
            sync,
            resolved("one"),
            List.of(refused, NamespaceOutcome.of("a", Result.UNCHANGED)),
            List.of()));
    String oneKind = condition("Degraded");
    store(report.synced(sync, resolved("one"), List.of(refused, taken), List.of()));

    assertThat(oneKind).isEqualTo("True " + Reason.NAMESPACE_NOT_ALLOWED);
    assertThat(condition("Degraded")).isEqualTo("True " + Reason.SECRET_CONFLICTS);
    assertThat(events.posted)
        .containsExactly(
            "Warning " + Reason.NAMESPACE_NOT_ALLOWED, "Warning " + Reason.SECRET_CONFLICTS);
    assertThat(sync.getStatus().getProblems())
        .extracting(p -> p.getNamespace())
        .containsExactly("x", "y");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // reason of the pass,   Ready, Reconciling, Stalled: kstatus Current / InProgress / Failed
    "Synced,                 True,  False,       False",
    "SourceUnavailable,      False, True,        False",
    "SourceTimeout,          False, True,        False",
    "InvalidSpec,            False, False,       True",
    "SourceAuthFailed,       False, False,       True",
    "CredentialNotFound,     False, False,       True",
    "NamespacesFailed,       False, True,        False",
    "ManagedByOtherSync,     False, False,       True",
  })
  void everyOutcomeSetsTheConditionsKstatusReads(
      String reason, String ready, String reconciling, String stalled) {
    if (reason.equals(Reason.SYNCED.toString())) {
      store(report.synced(sync, resolved("one"), synced("a"), List.of()));
    } else if (reason.equals(Reason.NAMESPACES_FAILED.toString())) {
      store(report.synced(sync, resolved("one"), outcomes(Result.FAILED, "a"), List.of()));
    } else if (reason.equals(Reason.MANAGED_BY_OTHER_SYNC.toString())) {
      store(
          report.synced(
              sync,
              resolved("one"),
              List.of(conflict("a", Reason.MANAGED_BY_OTHER_SYNC)),
              List.of()));
    } else {
      store(report.blocked(sync, new SyncBlocked(reason, "failed", null), OptionalInt.of(1), null));
    }

    assertThat(List.of(condition("Ready"), condition("Reconciling"), condition("Stalled")))
        .containsExactly(ready + " " + reason, reconciling + " " + reason, stalled + " " + reason);
  }

  @Test
  void aChangedCredentialIsMarkedReconcilingBeforeItIsWrittenAndSettledAfter() {
    store(report.synced(sync, resolved("one"), synced("a", "b"), List.of()));
    String oldHash = resolved("one").config().hash();
    String newHash = resolved("two").config().hash();

    assertThat(report.rotating(sync, oldHash, 2)).as("same credential, a repair").isEmpty();
    assertThat(report.rotating(sync, newHash, 0)).as("nothing to write").isEmpty();
    sync.setStatus(report.rotating(sync, newHash, 2).orElseThrow().getStatus());
    List<String> during =
        List.of(condition("Ready"), condition("Reconciling"), condition("Stalled"));
    store(report.synced(sync, resolved("two"), written("a", "b"), List.of()));

    assertThat(during)
        .containsExactly(
            "True " + Reason.SYNCED, "True " + Reason.ROTATING, "False " + Reason.ROTATING);
    assertThat(condition("Reconciling")).isEqualTo("False " + Reason.SYNCED);
  }

  @Test
  void theFirstSyncIsMarkedReconcilingToo() {
    assertThat(report.rotating(sync, resolved("one").config().hash(), 1))
        .map(patch -> patch.getStatus().getConditions().get(0).getType())
        .contains("Reconciling");
  }

  private void store(UpdateControl<PullSecretSync> control) {
    control.getResource().ifPresent(patch -> sync.setStatus(patch.getStatus()));
  }

  private String condition(String type) {
    return sync.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getStatus() + " " + c.getReason())
        .findFirst()
        .orElse("none");
  }

  private static PullSecretSync sync() {
    PullSecretSync sync = new PullSecretSync();
    sync.getMetadata().setName("team");
    sync.getMetadata().setGeneration(1L);
    return sync;
  }

  private static RegistryCredentials.Resolved resolved(String password) {
    return new RegistryCredentials.Resolved(
        TestLogins.robot("registry.example.com", password),
        Optional.empty(),
        Map.of(),
        CLOCK.instant(),
        Set.of(),
        SourceGrants.of(List.of()));
  }

  private static List<NamespaceOutcome> synced(String... namespaces) {
    return outcomes(Result.UNCHANGED, namespaces);
  }

  private static List<NamespaceOutcome> written(String... namespaces) {
    return outcomes(Result.UPDATED, namespaces);
  }

  private static List<NamespaceOutcome> outcomes(Result result, String... namespaces) {
    return List.of(namespaces).stream().map(ns -> NamespaceOutcome.of(ns, result)).toList();
  }

  private static NamespaceOutcome conflict(String namespace, Reason reason) {
    return new NamespaceOutcome(namespace, Result.CONFLICT, reason.toString(), "in the way");
  }

  /** The Events a pass posted, as "Type Reason". */
  private static final class RecordingEvents implements Events {
    final List<String> posted = new ArrayList<>();

    @Override
    public void normal(HasMetadata about, String reason, String message) {
      posted.add("Normal " + reason);
    }

    @Override
    public void warning(HasMetadata about, String reason, String message) {
      posted.add("Warning " + reason);
    }

    List<String> reasons() {
      return posted.stream().map(event -> event.substring(event.indexOf(' ') + 1)).toList();
    }
  }
}
