package io.pullwarden.agent.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How an attachment reaches a ServiceAccount that others write too: an update carrying the
 * resourceVersion read, and on a 409 a fresh read and another try, so an entry another writer added
 * in between is kept. The API server is a fake holding one account {@code apps/default} that checks
 * resourceVersions as the real one does.
 */
class ServiceAccountWriterTest {

  private final OneAccountServer server = new OneAccountServer();
  private final ServiceAccountWriter writer = new ServiceAccountWriter(server);

  @Test
  void anAttachThatMeetsAConflictRereadsAndKeepsTheOtherWritersEntry() {
    ServiceAccount read = account("3", List.of(), "");
    server.store(account("4", List.of("theirs"), ""));

    assertThat(writer.attach(read, "pull")).isTrue();

    assertThat(server.updates).hasSize(2);
    assertThat(server.reads).isEqualTo(1);
    assertThat(entries(server.stored)).containsExactly("theirs", "pull");
    assertThat(PullSecretAttachment.isAttachedByPullwarden(server.stored, "pull")).isTrue();
    assertThat(PullSecretAttachment.isAttachedByPullwarden(server.stored, "theirs")).isFalse();
  }

  @Test
  void aDetachThatMeetsAConflictRereadsAndKeepsTheOtherWritersEntry() {
    ServiceAccount read = account("3", List.of("pull"), "pull");
    server.store(account("4", List.of("pull", "theirs"), "pull"));

    assertThat(writer.detach(read, "pull")).isTrue();

    assertThat(server.updates).hasSize(2);
    assertThat(entries(server.stored)).containsExactly("theirs");
  }

  @Test
  void givesUpAfterAttemptsWithTheConflict() {
    ServiceAccount read = server.store(account("3", List.of(), ""));
    server.beforeUpdate = () -> server.store(account(server.nextVersion(), List.of(), ""));

    KubernetesClientException thrown =
        catchThrowableOfType(KubernetesClientException.class, () -> writer.attach(read, "pull"));

    assertThat(thrown.getCode()).isEqualTo(409);
    assertThat(server.updates).hasSize(ServiceAccountWriter.ATTEMPTS);
    assertThat(entries(server.stored)).doesNotContain("pull");
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {403, 404, 422, 500})
  void anyOtherRefusalIsThrownAtOnceWithoutARetry(int code) {
    ServiceAccount read = server.store(account("3", List.of(), ""));
    server.refuseWith = code;

    KubernetesClientException thrown =
        catchThrowableOfType(KubernetesClientException.class, () -> writer.attach(read, "pull"));

    assertThat(thrown.getCode()).isEqualTo(code);
    assertThat(server.updates).hasSize(1);
    assertThat(server.reads).isZero();
  }

  @Test
  void anAccountDeletedAfterTheConflictIsNotWrittenAgain() {
    ServiceAccount read = account("3", List.of(), "");
    server.store(account("4", List.of(), ""));
    server.beforeRead = () -> server.stored = null;

    assertThat(writer.attach(read, "pull")).isFalse();

    assertThat(server.updates).hasSize(1);
    assertThat(server.stored).isNull();
  }

  @Test
  void anEntrySomeoneElseAddedMeanwhileIsLeftTheirs() {
    ServiceAccount read = account("3", List.of(), "");
    server.store(account("4", List.of("pull"), ""));

    assertThat(writer.attach(read, "pull")).isFalse();

    assertThat(server.updates).hasSize(1);
    assertThat(PullSecretAttachment.isAttachedByPullwarden(server.stored, "pull")).isFalse();
  }

  @Test
  void nothingToChangeIsNoWrite() {
    ServiceAccount attached = account("3", List.of("pull"), "pull");
    ServiceAccount attachedByOthers = account("3", List.of("pull"), "");

    assertThat(writer.attach(attached, "pull")).as("attach when present").isFalse();
    assertThat(writer.detach(attachedByOthers, "pull")).as("detach what others added").isFalse();

    assertThat(server.updates).isEmpty();
    assertThat(server.reads).isZero();
  }

  static ServiceAccount account(String resourceVersion, List<String> entries, String ours) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withNamespace("apps")
        .withName("default")
        .withResourceVersion(resourceVersion)
        .withAnnotations(
            ours.isEmpty() ? Map.of() : Map.of(PullSecretAttachment.ATTACHED_ANNOTATION, ours))
        .endMetadata()
        .withImagePullSecrets(entries.stream().map(LocalObjectReference::new).toList())
        .build();
  }

  static List<String> entries(ServiceAccount account) {
    return account.getImagePullSecrets().stream().map(LocalObjectReference::getName).toList();
  }

  /**
   * The API server, as far as one ServiceAccount goes: an update with a stale resourceVersion is
   * answered 409, a successful one stores the account under a new resourceVersion. The hooks let
   * another writer act just before our update or our re-read.
   */
  static final class OneAccountServer implements ServiceAccountApi {
    ServiceAccount stored;
    Runnable beforeUpdate = () -> {};
    Runnable beforeRead = () -> {};
    int refuseWith;
    final List<ServiceAccount> updates = new ArrayList<>();
    int reads;
    private int version = 100;

    ServiceAccount store(ServiceAccount account) {
      stored = account;
      return account;
    }

    String nextVersion() {
      return Integer.toString(++version);
    }

    @Override
    public void update(ServiceAccount account) {
      updates.add(account);
      beforeUpdate.run();
      if (refuseWith != 0) {
        throw new KubernetesClientException("refused", refuseWith, null);
      }
      if (stored == null) {
        throw new KubernetesClientException("not found", 404, null);
      }
      if (!stored
          .getMetadata()
          .getResourceVersion()
          .equals(account.getMetadata().getResourceVersion())) {
        throw new KubernetesClientException("the object has been modified", 409, null);
      }
      stored =
          new ServiceAccountBuilder(account)
              .editMetadata()
              .withResourceVersion(nextVersion())
              .endMetadata()
              .build();
    }

    @Override
    public ServiceAccount get(String namespace, String name) {
      reads++;
      beforeRead.run();
      boolean same =
          stored != null
              && stored.getMetadata().getNamespace().equals(namespace)
              && stored.getMetadata().getName().equals(name);
      return same ? stored : null;
    }
  }
}
