package io.pullwarden.agent.reconciler;

import static io.pullwarden.agent.reconciler.GivenCaches.account;
import static io.pullwarden.agent.reconciler.GivenCaches.cached;
import static io.pullwarden.agent.reconciler.GivenCaches.config;
import static io.pullwarden.agent.reconciler.GivenCaches.edited;
import static io.pullwarden.agent.reconciler.GivenCaches.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.DeletionPolicy;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import io.pullwarden.agent.fanout.ManagedSecret;
import io.pullwarden.agent.fanout.TemplateMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which watch events are news to a sync once its pass has written (sync {@code team}, Secret {@code
 * pull}): only the Secret exactly as written, and an account that already carries it, are not.
 */
class OwnWritesTest {

  private static final DockerConfig CONFIG = config("current-password");

  private final OwnWrites writes = new OwnWrites();

  @Test
  void beforeAnyPassEverythingIsNews() {
    assertThat(writes.isNews(cached("apps", "pull", CONFIG))).isTrue();
    assertThat(writes.needsAttaching("team", account("apps", "default", List.of("pull"), "")))
        .isTrue();
  }

  @Test
  void theSecretAsWrittenIsNoNewsInItsSummaryOrWhole() {
    writes.writing(settings(DeletionPolicy.Delete), CONFIG.hash());

    assertThat(writes.isNews(cached("apps", "pull", CONFIG))).isFalse();
    assertThat(
            writes.isNews(
                ManagedSecret.desired("team", "pull", "web", CONFIG, TemplateMetadata.NONE)))
        .isFalse();
  }

  @Test
  void anyDifferenceFromWhatWasWrittenIsNews() {
    writes.writing(settings(DeletionPolicy.Delete), CONFIG.hash());

    assertThat(writes.isNews(cached("apps", "pull", config("old-password"))))
        .as("a Secret of an older credential")
        .isTrue();
    assertThat(writes.isNews(edited(CONFIG))).as("data edited, annotation kept").isTrue();
    assertThat(writes.isNews(cached("apps", "old-pull", CONFIG)))
        .as("under another secretName")
        .isTrue();
    Secret otherSync =
        ManagedSecret.desired("other", "pull", "apps", CONFIG, TemplateMetadata.NONE);
    assertThat(writes.isNews(otherSync)).as("another sync's Secret").isTrue();
    Secret templated =
        ManagedSecret.desired(
            "team", "pull", "apps", CONFIG, new TemplateMetadata(Map.of("team", "a"), Map.of()));
    assertThat(writes.isNews(templated)).as("template labels the sync does not set").isTrue();
  }

  @Test
  void aForgottenSyncsSecretIsNewsAgain() {
    writes.writing(settings(DeletionPolicy.Delete), CONFIG.hash());
    writes.forget("team");

    assertThat(writes.isNews(cached("apps", "pull", CONFIG))).isTrue();
  }

  @Test
  void anAccountNeedsAttachingUntilItCarriesTheSecret() {
    writes.writing(settings(DeletionPolicy.Delete), CONFIG.hash());

    assertThat(writes.needsAttaching("team", account("apps", "default", List.of("other"), "")))
        .isTrue();
    assertThat(
            writes.needsAttaching(
                "team", account("apps", "default", List.of("other", "pull"), "pull")))
        .isFalse();
    assertThat(writes.needsAttaching("someone-else", account("apps", "default", List.of(), "")))
        .isTrue();
  }
}
