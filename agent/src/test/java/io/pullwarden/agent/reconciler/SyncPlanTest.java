package io.pullwarden.agent.reconciler;

import static io.pullwarden.agent.reconciler.GivenCaches.account;
import static io.pullwarden.agent.reconciler.GivenCaches.cached;
import static io.pullwarden.agent.reconciler.GivenCaches.config;
import static io.pullwarden.agent.reconciler.GivenCaches.edited;
import static io.pullwarden.agent.reconciler.GivenCaches.given;
import static io.pullwarden.agent.reconciler.GivenCaches.namespace;
import static io.pullwarden.agent.reconciler.GivenCaches.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.pullwarden.agent.customresource.PullSecretSyncSpec;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.DeletionPolicy;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import io.pullwarden.agent.fanout.NamespaceOutcome;
import io.pullwarden.agent.fanout.NamespaceOutcome.Result;
import io.pullwarden.agent.fanout.SecretClaim;
import io.pullwarden.agent.fanout.SourceGrants;
import io.pullwarden.agent.reconciler.SyncPlan.Leftover;
import io.pullwarden.agent.reconciler.SyncPlan.NamespacePlan;
import io.pullwarden.agent.reconciler.SyncPlan.Refused;
import io.pullwarden.agent.reconciler.SyncPlan.SecretStep;
import io.pullwarden.agent.reconciler.SyncPlan.Unchanged;
import io.pullwarden.agent.reconciler.SyncPlan.Write;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan of a pass, table by table: each row gives the caches as a pass finds them ({@link
 * GivenCaches}) and the whole plan expected from them. Sync {@code team} writes Secret {@code
 * pull}, attaches it to {@code default}, and its source allows namespaces {@code apps} and {@code
 * web}.
 */
class SyncPlanTest {

  private static final DockerConfig CONFIG = config("current-password");
  private static final DockerConfig OLD_CONFIG = config("old-password");
  private static final SourceGrants GRANTS =
      SourceGrants.of(List.of(source("central", List.of("apps", "web"))));

  private static final Namespace APPS = namespace("apps");
  private static final Namespace WEB = namespace("web");
  private static final Namespace ADMIN = namespace("admin");

  private static final Secret CURRENT_IN_APPS = cached("apps", "pull", CONFIG);
  private static final Secret STALE_IN_APPS = cached("apps", "pull", OLD_CONFIG);
  private static final Secret EDITED_IN_APPS = edited(CONFIG);
  private static final Secret CURRENT_IN_WEB = cached("web", "pull", CONFIG);
  private static final Secret CURRENT_IN_ADMIN = cached("admin", "pull", CONFIG);
  private static final Secret OLD_NAME_IN_APPS = cached("apps", "old-pull", CONFIG);
  private static final Secret WRONG_TYPE_IN_APPS =
      new SecretBuilder(CURRENT_IN_APPS).withType("kubernetes.io/tls").build();

  private static final ServiceAccount BARE_DEFAULT = account("apps", "default", List.of(), "");
  private static final ServiceAccount ATTACHED_DEFAULT =
      account("apps", "default", List.of("pull"), "pull");
  private static final ServiceAccount DEFAULT_ATTACHED_BY_OTHERS =
      account("apps", "default", List.of("pull"), "");
  private static final ServiceAccount BUILDER_ATTACHED_BY_US =
      account("apps", "builder", List.of("other", "pull"), "pull");
  private static final ServiceAccount BUILDER_ATTACHED_BY_OTHERS =
      account("apps", "builder", List.of("pull"), "");
  private static final ServiceAccount DEFAULT_WITH_OLD_NAME =
      account("apps", "default", List.of("old-pull"), "old-pull");
  private static final ServiceAccount WEB_DEFAULT =
      account("web", "default", List.of("pull"), "pull");

  static Stream<Arguments> rows() {
    return Stream.of(
        arguments(
            "create: no cached Secret",
            given().selected(APPS),
            plan(List.of(entry("apps", new Write(null))), List.of())),
        arguments(
            "update: the cached Secret holds another credential",
            given().selected(APPS).managed(STALE_IN_APPS),
            plan(List.of(entry("apps", new Write(STALE_IN_APPS))), List.of())),
        arguments(
            "update: someone edited the cached Secret's data",
            given().selected(APPS).managed(EDITED_IN_APPS),
            plan(List.of(entry("apps", new Write(EDITED_IN_APPS))), List.of())),
        arguments(
            "unchanged: the cached Secret is current",
            given().selected(APPS).managed(CURRENT_IN_APPS).accounts(ATTACHED_DEFAULT),
            plan(List.of(entry("apps", new Unchanged())), List.of())),
        arguments(
            "refused: the source does not allow the namespace; it is listed last",
            given().selected(ADMIN, APPS).managed(CURRENT_IN_APPS),
            plan(
                List.of(entry("apps", new Unchanged()), entry("admin", refusedByGrant(ADMIN))),
                List.of())),
        arguments(
            "refused: a Secret the source no longer allows is a leftover",
            given().selected(ADMIN).managed(CURRENT_IN_ADMIN),
            plan(
                List.of(entry("admin", refusedByGrant(ADMIN))),
                List.of(new Leftover(CURRENT_IN_ADMIN, List.of())))),
        arguments(
            "refused: this sync's labels on a Secret of another type",
            given().selected(APPS).managed(WRONG_TYPE_IN_APPS).accounts(BARE_DEFAULT),
            plan(
                List.of(
                    entry(
                        "apps",
                        new Refused(
                            SecretClaim.refusal(
                                    "team",
                                    PullSecretSyncSpec.ConflictPolicy.Skip,
                                    WRONG_TYPE_IN_APPS,
                                    "apps")
                                .orElseThrow()))),
                List.of())),
        arguments(
            "leave: a namespace that left the selection, detached from our entries first",
            given().selected(APPS).managed(CURRENT_IN_APPS, CURRENT_IN_WEB).accounts(WEB_DEFAULT),
            plan(
                List.of(entry("apps", new Unchanged())),
                List.of(new Leftover(CURRENT_IN_WEB, List.of(WEB_DEFAULT))))),
        arguments(
            "leave under Retain: released as it is, nothing detached",
            given()
                .selected(APPS)
                .managed(CURRENT_IN_APPS, CURRENT_IN_WEB)
                .accounts(WEB_DEFAULT)
                .policy(DeletionPolicy.Retain),
            plan(
                List.of(entry("apps", new Unchanged())),
                List.of(new Leftover(CURRENT_IN_WEB, List.of())))),
        arguments(
            "renamed secretName: the old Secret is a leftover, the new one is created and attached",
            given().selected(APPS).managed(OLD_NAME_IN_APPS).accounts(DEFAULT_WITH_OLD_NAME),
            plan(
                List.of(
                    new NamespacePlan(
                        "apps",
                        new Write(null),
                        List.of(DEFAULT_WITH_OLD_NAME),
                        List.of(),
                        List.of())),
                List.of(new Leftover(OLD_NAME_IN_APPS, List.of(DEFAULT_WITH_OLD_NAME))))),
        arguments(
            "attach: a listed account lacks the entry",
            given().selected(APPS).managed(CURRENT_IN_APPS).accounts(BARE_DEFAULT),
            plan(
                List.of(
                    new NamespacePlan(
                        "apps", new Unchanged(), List.of(BARE_DEFAULT), List.of(), List.of())),
                List.of())),
        arguments(
            "detach: an account no longer listed carries the entry Pullwarden added",
            given()
                .selected(APPS)
                .managed(CURRENT_IN_APPS)
                .accounts(ATTACHED_DEFAULT, BUILDER_ATTACHED_BY_US),
            plan(
                List.of(
                    new NamespacePlan(
                        "apps",
                        new Unchanged(),
                        List.of(),
                        List.of(BUILDER_ATTACHED_BY_US),
                        List.of())),
                List.of())),
        arguments(
            "no account change: attached already, and an unlisted entry someone else added stays",
            given()
                .selected(APPS)
                .managed(CURRENT_IN_APPS)
                .accounts(DEFAULT_ATTACHED_BY_OTHERS, BUILDER_ATTACHED_BY_OTHERS),
            plan(List.of(entry("apps", new Unchanged())), List.of())),
        arguments(
            "no account change where the Secret is refused",
            given().selected(ADMIN).accounts(account("admin", "default", List.of(), "")),
            plan(List.of(entry("admin", refusedByGrant(ADMIN))), List.of())),
        arguments(
            "contested: another sync wants a Secret of the same name here",
            given()
                .selected(APPS, WEB)
                .managed(CURRENT_IN_APPS, CURRENT_IN_WEB)
                .rivals(Map.of("web", List.of("other-team"), "admin", List.of("x"))),
            plan(
                List.of(
                    entry("apps", new Unchanged()),
                    new NamespacePlan(
                        "web", new Unchanged(), List.of(), List.of(), List.of("other-team"))),
                List.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void plansThePass(String row, GivenCaches given, SyncPlan expected) {
    assertThat(given.plan(GRANTS, CONFIG)).isEqualTo(expected);
  }

  @Test
  void aRivalMarksTheNamespaceContestedOnlyWhenThisSyncHoldsTheSecret() {
    NamespacePlan web =
        new NamespacePlan("web", new Unchanged(), List.of(), List.of(), List.of("b", "c"));
    NamespaceOutcome updated = NamespaceOutcome.of("web", Result.UPDATED);
    NamespaceOutcome failed = new NamespaceOutcome("web", Result.FAILED, "Forbidden", "no");

    assertThat(web.contest(updated, "pull"))
        .isEqualTo(
            updated.contested(
                "SecretNameShared",
                "PullSecretSync b, c also wants a Secret named pull here; this sync manages it"
                    + " and the other leaves it alone (give one of them another secretName)"));
    assertThat(web.contest(failed, "pull")).isEqualTo(failed);
    assertThat(entry("web", new Unchanged()).contest(updated, "pull")).isEqualTo(updated);
  }

  private static SyncPlan plan(List<NamespacePlan> namespaces, List<Leftover> leftovers) {
    return new SyncPlan(namespaces, leftovers);
  }

  private static NamespacePlan entry(String namespace, SecretStep step) {
    return new NamespacePlan(namespace, step, List.of(), List.of(), List.of());
  }

  private static Refused refusedByGrant(Namespace namespace) {
    return new Refused(GRANTS.refusal(namespace).orElseThrow());
  }
}
