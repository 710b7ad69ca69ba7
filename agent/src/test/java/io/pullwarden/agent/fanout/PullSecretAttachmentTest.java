package io.pullwarden.agent.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullSecretAttachmentTest {

  @Test
  void appendsAfterExistingEntriesAndRecordsOnlyWhatItAdded() {
    ServiceAccount account = account("default", "builder-dockercfg-x7k2p", "team-registry");

    ServiceAccount attached = PullSecretAttachment.attach(account, "pullwarden").orElseThrow();

    assertThat(names(attached))
        .containsExactly("builder-dockercfg-x7k2p", "team-registry", "pullwarden");
    assertThat(attached.getMetadata().getAnnotations())
        .containsEntry(PullSecretAttachment.ATTACHED_ANNOTATION, "pullwarden");
  }

  @Test
  void attachingTwiceChangesNothing() {
    ServiceAccount attached =
        PullSecretAttachment.attach(account("default", "a"), "pullwarden").orElseThrow();

    assertThat(PullSecretAttachment.attach(attached, "pullwarden")).isEmpty();
  }

  @Test
  void anEntrySomeoneElseAddedIsNeverRemoved() {
    ServiceAccount account = account("default", "shared-name", "other");

    assertThat(PullSecretAttachment.attach(account, "shared-name")).isEmpty();
    assertThat(PullSecretAttachment.detach(account, "shared-name")).isEmpty();
  }

  @Test
  void detachRemovesOnlyOurEntryAndKeepsTheOrderOfTheRest() {
    ServiceAccount attached =
        PullSecretAttachment.attach(account("default", "first", "second"), "pullwarden")
            .orElseThrow();
    ServiceAccount withLaterEntry =
        new ServiceAccountBuilder(attached)
            .addToImagePullSecrets(new LocalObjectReference("added-later"))
            .build();

    ServiceAccount detached =
        PullSecretAttachment.detach(withLaterEntry, "pullwarden").orElseThrow();

    assertThat(names(detached)).containsExactly("first", "second", "added-later");
    assertThat(detached.getMetadata().getAnnotations())
        .doesNotContainKey(PullSecretAttachment.ATTACHED_ANNOTATION);
  }

  @Test
  void twoSyncsKeepTrackOfTheirOwnEntries() {
    ServiceAccount both =
        PullSecretAttachment.attach(
                PullSecretAttachment.attach(account("default"), "one").orElseThrow(), "two")
            .orElseThrow();

    ServiceAccount withoutOne = PullSecretAttachment.detach(both, "one").orElseThrow();

    assertThat(names(withoutOne)).containsExactly("two");
    assertThat(withoutOne.getMetadata().getAnnotations())
        .containsEntry(PullSecretAttachment.ATTACHED_ANNOTATION, "two");
  }

  private static ServiceAccount account(String name, String... pullSecrets) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("team-a")
        .endMetadata()
        .withImagePullSecrets(Arrays.stream(pullSecrets).map(LocalObjectReference::new).toList())
        .build();
  }

  private static List<String> names(ServiceAccount account) {
    return account.getImagePullSecrets().stream().map(LocalObjectReference::getName).toList();
  }
}
