package io.pullwarden.agent.fanout;

import static io.pullwarden.agent.fanout.ServiceAccountWriterTest.entries;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.DeletionPolicy;
import io.pullwarden.agent.fanout.NamespaceOutcome.Result;
import io.pullwarden.agent.metrics.AgentMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Removing what a sync wrote, in the order that never leaves an account naming a missing Secret:
 * detach first, delete only what was detached, count every delete or release. The API server is a
 * fake that records, in one log, each account update and each delete or release.
 */
class SyncCleanupTest {

  private static final Secret IN_APPS = secret("apps");
  private static final Secret IN_WEB = secret("web");

  private final Cluster cluster = new Cluster();
  private final AgentMetrics metrics = new AgentMetrics();
  private final SyncCleanup cleanup =
      new SyncCleanup(null, cluster, new ServiceAccountWriter(cluster), metrics);

  @Test
  void deleteDetachesEveryAccountBeforeAnySecretGoes() {
    List<NamespaceOutcome> failures =
        cleanup.remove(
            "team",
            List.of(IN_APPS, IN_WEB),
            DeletionPolicy.Delete,
            secret -> cluster.accountsIn(secret.getMetadata().getNamespace()));

    assertThat(failures).isEmpty();
    assertThat(cluster.log)
        .containsExactly(
            "update apps/default", "update apps/builder", "update web/default", "delete apps web");
    assertThat(cluster.written).allSatisfy(account -> assertThat(entries(account)).isEmpty());
  }

  @Test
  void aSecretWhoseDetachFailedIsKeptAndReported() {
    cluster.refused.add("apps/builder");

    List<NamespaceOutcome> failures =
        cleanup.remove(
            "team",
            List.of(IN_APPS, IN_WEB),
            DeletionPolicy.Delete,
            secret -> cluster.accountsIn(secret.getMetadata().getNamespace()));

    assertThat(cluster.log).last().isEqualTo("delete web");
    assertThat(failures).hasSize(1);
    NamespaceOutcome kept = failures.get(0);
    assertThat(kept.namespace()).isEqualTo("apps");
    assertThat(kept.result()).isEqualTo(Result.FAILED);
    assertThat(kept.reason()).isEqualTo(Reason.SERVICE_ACCOUNT_UPDATE_FAILED.toString());
    assertThat(kept.message()).contains("HTTP 403").contains("kept");
    assertThat(metrics.scrape()).contains(writes("delete", "success") + " 1.0");
  }

  @Test
  void retainReleasesWithoutTouchingAnAccount() {
    List<NamespaceOutcome> failures =
        cleanup.remove(
            "team",
            List.of(IN_APPS, IN_WEB),
            DeletionPolicy.Retain,
            secret -> cluster.accountsIn(secret.getMetadata().getNamespace()));

    assertThat(failures).isEmpty();
    assertThat(cluster.log).containsExactly("release apps web");
  }

  @ParameterizedTest
  @EnumSource(DeletionPolicy.class)
  void everyRemovalIsCountedByItsOutcomeAndAFailureIsReported(DeletionPolicy policy) {
    NamespaceOutcome webFailed =
        new NamespaceOutcome("web", Result.FAILED, "Forbidden", "denied by policy");
    cluster.removalFailures.put("web", webFailed);

    List<NamespaceOutcome> failures =
        cleanup.remove("team", List.of(IN_APPS, IN_WEB), policy, secret -> List.of());

    String operation = policy == DeletionPolicy.Delete ? "delete" : "release";
    assertThat(failures).containsExactly(webFailed);
    assertThat(metrics.scrape())
        .contains(writes(operation, "success") + " 1.0")
        .contains(writes(operation, "failure") + " 1.0");
  }

  private static String writes(String operation, String outcome) {
    return "pullwarden_secret_writes_total{operation=\""
        + operation
        + "\",outcome=\""
        + outcome
        + "\",sync=\"team\"}";
  }

  private static Secret secret(String namespace) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName("pull")
        .withResourceVersion("7")
        .endMetadata()
        .build();
  }

  private static ServiceAccount attached(String namespace, String name) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withResourceVersion("3")
        .withAnnotations(Map.of(PullSecretAttachment.ATTACHED_ANNOTATION, "pull"))
        .endMetadata()
        .withImagePullSecrets(new LocalObjectReference("pull"))
        .build();
  }

  /**
   * Account updates and Secret removals in the order they reached the API server. {@code refused}
   * accounts ("namespace/name") answer 403; {@code removalFailures} are returned for their
   * namespace.
   */
  private static final class Cluster implements ServiceAccountApi, SecretRemovals {
    final List<String> log = new ArrayList<>();
    final List<ServiceAccount> written = new ArrayList<>();
    final Set<String> refused = new HashSet<>();
    final Map<String, NamespaceOutcome> removalFailures = new HashMap<>();

    List<ServiceAccount> accountsIn(String namespace) {
      return namespace.equals("apps")
          ? List.of(attached("apps", "default"), attached("apps", "builder"))
          : List.of(attached(namespace, "default"));
    }

    @Override
    public void update(ServiceAccount account) {
      String key = account.getMetadata().getNamespace() + "/" + account.getMetadata().getName();
      log.add("update " + key);
      if (refused.contains(key)) {
        throw new KubernetesClientException("forbidden", 403, null);
      }
      written.add(account);
    }

    @Override
    public ServiceAccount get(String namespace, String name) {
      throw new AssertionError("no conflict was answered, so nothing is read again");
    }

    @Override
    public List<NamespaceOutcome> delete(Collection<Secret> secrets) {
      return removed("delete", secrets);
    }

    @Override
    public List<NamespaceOutcome> release(Collection<Secret> secrets) {
      return removed("release", secrets);
    }

    private List<NamespaceOutcome> removed(String operation, Collection<Secret> secrets) {
      List<String> namespaces = secrets.stream().map(s -> s.getMetadata().getNamespace()).toList();
      log.add(operation + " " + String.join(" ", namespaces));
      return namespaces.stream()
          .filter(removalFailures::containsKey)
          .map(removalFailures::get)
          .toList();
    }
  }
}
