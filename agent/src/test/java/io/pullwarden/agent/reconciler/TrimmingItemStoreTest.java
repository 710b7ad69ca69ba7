package io.pullwarden.agent.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrimmingItemStoreTest {

  @Test
  void keepsASecretWholeApartFromItsManagedFields() {
    TrimmingItemStore<Secret> store = TrimmingItemStore.withoutManagedFields();
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("registry")
            .withNamespace("team-a")
            .withResourceVersion("42")
            .withLabels(Map.of("pullwarden.io/sync", "team"))
            .withAnnotations(Map.of("pullwarden.io/content-hash", "sha256:abc"))
            .addToManagedFields(
                new ManagedFieldsEntryBuilder()
                    .withManager("pullwarden")
                    .withOperation("Update")
                    .build())
            .endMetadata()
            .withType("kubernetes.io/dockerconfigjson")
            .withData(Map.of(".dockerconfigjson", "e30="))
            .build();

    store.put(store.getKey(secret), secret);

    Secret cached = store.get("team-a/registry");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getLabels()).containsEntry("pullwarden.io/sync", "team");
    assertThat(cached.getMetadata().getAnnotations())
        .containsEntry("pullwarden.io/content-hash", "sha256:abc");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(cached.getData()).containsEntry(".dockerconfigjson", "e30=");
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.keySet()).containsExactly("team-a/registry");
  }

  @Test
  void keepsOfANamespaceOnlyWhatSelectsIt() {
    TrimmingItemStore<Namespace> store = TrimmingItemStore.forNamespaces();
    Namespace namespace =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("team-a")
            .withUid("0b7c")
            .withResourceVersion("7")
            .withLabels(Map.of("pull-secrets", "yes"))
            .withDeletionTimestamp("2026-11-25T00:00:00Z")
            .withAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", "{}"))
            .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
            .endMetadata()
            .withNewSpec()
            .addToFinalizers("kubernetes")
            .endSpec()
            .withNewStatus()
            .withPhase("Terminating")
            .endStatus()
            .build();

    store.put(store.getKey(namespace), namespace);

    Namespace cached = store.get("team-a");
    assertThat(cached.getMetadata().getName()).isEqualTo("team-a");
    assertThat(cached.getMetadata().getUid()).isEqualTo("0b7c");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(cached.getMetadata().getLabels()).containsExactly(Map.entry("pull-secrets", "yes"));
    assertThat(cached.getMetadata().getDeletionTimestamp()).isEqualTo("2026-11-25T00:00:00Z");
    assertThat(cached.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getSpec()).isNull();
    assertThat(cached.getStatus()).isNull();
  }

  @Test
  void removesAndListsLikeAnyStore() {
    TrimmingItemStore<Namespace> store = TrimmingItemStore.forNamespaces();
    Namespace namespace =
        new NamespaceBuilder().withNewMetadata().withName("a").endMetadata().build();
    store.put("a", namespace);

    assertThat(store.values()).extracting(n -> n.getMetadata().getName()).containsExactly("a");
    assertThat(store.remove("a")).isNotNull();
    assertThat(store.size()).isZero();
    assertThat(store.get("a")).isNull();
  }
}
