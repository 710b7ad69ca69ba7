package io.pullwarden.agent.reconciler;

import static io.pullwarden.agent.reconciler.GivenCaches.account;
import static io.pullwarden.agent.reconciler.GivenCaches.cached;
import static io.pullwarden.agent.reconciler.GivenCaches.config;
import static io.pullwarden.agent.reconciler.GivenCaches.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.ConflictPolicy;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.DeletionPolicy;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import io.pullwarden.agent.fanout.NamespaceOutcome;
import io.pullwarden.agent.fanout.NamespaceOutcome.Result;
import io.pullwarden.agent.reconciler.SyncEffects.Applied;
import io.pullwarden.agent.reconciler.SyncPlan.Leftover;
import io.pullwarden.agent.reconciler.SyncPlan.NamespacePlan;
import io.pullwarden.agent.reconciler.SyncPlan.Refused;
import io.pullwarden.agent.reconciler.SyncPlan.SecretStep;
import io.pullwarden.agent.reconciler.SyncPlan.Unchanged;
import io.pullwarden.agent.reconciler.SyncPlan.Write;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a plan is carried out: the Secret written only where the plan says, accounts changed only
 * where the namespace then holds the Secret, an account the API server refuses reported on its
 * namespace, leftovers removed last. Sync {@code team} writes Secret {@code pull}; the fan-out, the
 * account writer and the clean-up are one recording fake ({@link RecordingCluster}).
 */
class SyncEffectsTest {

  private static final DockerConfig CONFIG = config("current-password");
  private static final Secret STALE_IN_APPS = cached("apps", "pull", config("old-password"));

  private static final ServiceAccount BARE_DEFAULT = account("apps", "default", List.of(), "");
  private static final ServiceAccount BUILDER_ATTACHED_BY_US =
      account("apps", "builder", List.of("pull"), "pull");
  private static final NamespaceOutcome NOT_ALLOWED =
      new NamespaceOutcome(
          "apps", Result.CONFLICT, Reason.NAMESPACE_NOT_ALLOWED.toString(), "not granted");

  private final RecordingCluster cluster = new RecordingCluster();
  private final SyncEffects effects = new SyncEffects(cluster, cluster, cluster);

  @Test
  void onlyTheNamespacesPlannedForWritingAreWrittenAndTheOthersKeepTheirOutcome() {
    NamespaceOutcome refusal =
        new NamespaceOutcome(
            "admin", Result.CONFLICT, Reason.NAMESPACE_NOT_ALLOWED.toString(), "not granted");
    SyncPlan plan =
        new SyncPlan(
            List.of(
                secretOnly("new", new Write(null)),
                secretOnly("apps", new Write(STALE_IN_APPS)),
                secretOnly("ops", new Unchanged()),
                secretOnly("admin", new Refused(refusal))),
            List.of());

    Applied applied = effects.apply(settings(DeletionPolicy.Delete), plan, CONFIG);

    assertThat(cluster.log)
        .containsExactly("write new (no cached Secret)", "write apps (cached 7)");
    assertThat(cluster.plan.sync()).isEqualTo("team");
    assertThat(cluster.plan.secretName()).isEqualTo("pull");
    assertThat(cluster.plan.conflicts()).isEqualTo(ConflictPolicy.Skip);
    assertThat(cluster.plan.config()).isSameAs(CONFIG);
    assertThat(applied.outcomes())
        .containsExactly(
            NamespaceOutcome.of("new", Result.CREATED),
            NamespaceOutcome.of("apps", Result.UPDATED),
            NamespaceOutcome.of("ops", Result.UNCHANGED),
            refusal);
    assertThat(applied.leftovers()).isEmpty();
  }

  static Stream<Arguments> accountRows() {
    List<ServiceAccount> none = List.of();
    List<ServiceAccount> bareDefault = List.of(BARE_DEFAULT);
    List<ServiceAccount> builder = List.of(BUILDER_ATTACHED_BY_US);
    return Stream.of(
        arguments(
            "current Secret, account lacks it",
            new Unchanged(),
            null,
            bareDefault,
            none,
            List.of("attach apps/default pull")),
        arguments(
            "Secret created",
            new Write(null),
            Result.CREATED,
            bareDefault,
            none,
            List.of("attach apps/default pull")),
        arguments(
            "Secret updated, account no longer listed",
            new Write(STALE_IN_APPS),
            Result.UPDATED,
            none,
            builder,
            List.of("detach apps/builder pull")),
        arguments(
            "attach and detach in one namespace",
            new Unchanged(),
            null,
            bareDefault,
            builder,
            List.of("attach apps/default pull", "detach apps/builder pull")),
        arguments(
            "the write failed", new Write(null), Result.FAILED, bareDefault, builder, List.of()),
        arguments(
            "the write met a Secret this sync may not take",
            new Write(null),
            Result.CONFLICT,
            bareDefault,
            builder,
            List.of()),
        arguments(
            "the plan refused the namespace",
            new Refused(NOT_ALLOWED),
            null,
            bareDefault,
            none,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accountRows")
  void accountsChangeOnlyWhereTheNamespaceHoldsTheSecret(
      String row,
      SecretStep step,
      Result written,
      List<ServiceAccount> attach,
      List<ServiceAccount> detach,
      List<String> accountCalls) {
    if (written != null) {
      cluster.answer(new NamespaceOutcome("apps", written, "", ""));
    }
    SyncPlan plan =
        new SyncPlan(
            List.of(new NamespacePlan("apps", step, attach, detach, List.of())), List.of());

    effects.apply(settings(DeletionPolicy.Delete), plan, CONFIG);

    assertThat(cluster.accountCalls()).containsExactlyElementsOf(accountCalls);
  }

  @Test
  void anAccountTheApiServerRefusesFailsItsNamespaceWithTheHttpCode() {
    cluster.refuse("apps/default", 403);
    cluster.refuse("web/builder", 409);
    SyncPlan plan =
        new SyncPlan(
            List.of(
                new NamespacePlan(
                    "apps", new Unchanged(), List.of(BARE_DEFAULT), List.of(), List.of()),
                new NamespacePlan(
                    "web",
                    new Unchanged(),
                    List.of(),
                    List.of(account("web", "builder", List.of("pull"), "pull")),
                    List.of()),
                new NamespacePlan(
                    "ops",
                    new Unchanged(),
                    List.of(account("ops", "default", List.of(), "")),
                    List.of(),
                    List.of())),
            List.of());

    List<NamespaceOutcome> outcomes =
        effects.apply(settings(DeletionPolicy.Delete), plan, CONFIG).outcomes();

    String failed = Reason.SERVICE_ACCOUNT_UPDATE_FAILED.toString();
    assertThat(outcomes)
        .extracting(o -> o.namespace() + " " + o.result() + " " + o.reason())
        .containsExactly("apps FAILED " + failed, "web FAILED " + failed, "ops UNCHANGED ");
    assertThat(outcomes.get(0).message()).contains("HTTP 403");
    assertThat(outcomes.get(1).message()).contains("HTTP 409");
  }

  @Test
  void aHeldSecretThatARivalWantsIsReportedContestedAndAFailedOneIsNot() {
    cluster.answer(new NamespaceOutcome("web", Result.FAILED, "Forbidden", "denied"));
    SyncPlan plan =
        new SyncPlan(
            List.of(
                new NamespacePlan(
                    "apps", new Unchanged(), List.of(BARE_DEFAULT), List.of(), List.of("rival")),
                new NamespacePlan("web", new Write(null), List.of(), List.of(), List.of("rival"))),
            List.of());

    List<NamespaceOutcome> outcomes =
        effects.apply(settings(DeletionPolicy.Delete), plan, CONFIG).outcomes();

    assertThat(outcomes.get(0).result()).isEqualTo(Result.UNCHANGED);
    assertThat(outcomes.get(0).reason()).isEqualTo(Reason.SECRET_NAME_SHARED.toString());
    assertThat(outcomes.get(0).message()).contains("rival");
    assertThat(cluster.accountCalls()).containsExactly("attach apps/default pull");
    assertThat(outcomes.get(1).reason()).isEqualTo("Forbidden");
  }

  @ParameterizedTest
  @EnumSource(DeletionPolicy.class)
  void leftoversAreRemovedByThePolicyOnceTheNewSecretIsAttached(DeletionPolicy policy) {
    Secret oldName = cached("apps", "old-pull", CONFIG);
    Secret outside = cached("admin", "pull", CONFIG);
    NamespaceOutcome notRemoved =
        new NamespaceOutcome("admin", Result.FAILED, "Forbidden", "denied");
    cluster.removalFails(notRemoved);
    SyncPlan plan =
        new SyncPlan(
            List.of(
                new NamespacePlan(
                    "apps", new Write(null), List.of(BARE_DEFAULT), List.of(), List.of())),
            List.of(
                new Leftover(oldName, List.of(account("apps", "default", List.of(), "old-pull"))),
                new Leftover(outside, List.of())));

    Applied applied = effects.apply(settings(policy), plan, CONFIG);

    assertThat(cluster.log)
        .containsExactly(
            "write apps (no cached Secret)",
            "attach apps/default pull",
            "remove team " + policy + ": apps/old-pull from [apps/default], admin/pull from []");
    assertThat(applied.leftovers()).containsExactly(notRemoved);
  }

  /** A namespace plan without account changes or rivals. */
  private static NamespacePlan secretOnly(String namespace, SecretStep step) {
    return new NamespacePlan(namespace, step, List.of(), List.of(), List.of());
  }
}
