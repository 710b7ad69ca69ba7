package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.pullwarden.agent.customresource.AllowedNamespaces;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncSpec;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.DeletionPolicy;
import io.pullwarden.agent.customresource.RegistrySpec;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import io.pullwarden.agent.dockerconfig.TestLogins;
import io.pullwarden.agent.fanout.ManagedSecret;
import io.pullwarden.agent.fanout.PullSecretAttachment;
import io.pullwarden.agent.fanout.SourceGrants;
import io.pullwarden.agent.fanout.TemplateMetadata;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The caches and spec a pass starts from, for {@link SyncPlanTest}: sync {@code team} writes Secret
 * {@code pull} and attaches it to {@code default}. Each row changes only what it is about.
 */
record GivenCaches(
    List<Namespace> namespaces,
    List<Secret> secrets,
    List<ServiceAccount> serviceAccounts,
    Map<String, List<String>> rivalSyncs,
    DeletionPolicy deletionPolicy) {

  GivenCaches selected(Namespace... selected) {
    return new GivenCaches(List.of(selected), secrets, serviceAccounts, rivalSyncs, deletionPolicy);
  }

  GivenCaches managed(Secret... managed) {
    return new GivenCaches(
        namespaces, List.of(managed), serviceAccounts, rivalSyncs, deletionPolicy);
  }

  GivenCaches accounts(ServiceAccount... accounts) {
    return new GivenCaches(namespaces, secrets, List.of(accounts), rivalSyncs, deletionPolicy);
  }

  GivenCaches rivals(Map<String, List<String>> rivals) {
    return new GivenCaches(namespaces, secrets, serviceAccounts, rivals, deletionPolicy);
  }

  GivenCaches policy(DeletionPolicy policy) {
    return new GivenCaches(namespaces, secrets, serviceAccounts, rivalSyncs, policy);
  }

  SyncPlan plan(SourceGrants grants, DockerConfig config) {
    return SyncPlan.of(
        settings(deletionPolicy),
        namespaces,
        grants,
        config,
        secrets,
        serviceAccounts.stream()
            .collect(Collectors.groupingBy(account -> account.getMetadata().getNamespace())),
        rivalSyncs);
  }

  static GivenCaches given() {
    return new GivenCaches(List.of(), List.of(), List.of(), Map.of(), DeletionPolicy.Delete);
  }

  static SyncSettings settings(DeletionPolicy policy) {
    RegistrySpec registry = new RegistrySpec();
    registry.setServer("registry.example.com");
    registry.setSourceRef("central");
    PullSecretSyncSpec spec = new PullSecretSyncSpec();
    spec.setSecretName("pull");
    spec.setRegistries(List.of(registry));
    spec.setServiceAccounts(List.of("default"));
    spec.setDeletionPolicy(policy);
    PullSecretSync sync = new PullSecretSync();
    sync.getMetadata().setName("team");
    sync.setSpec(spec);
    try {
      return SyncSettings.parse(sync);
    } catch (SyncBlocked e) {
      throw new AssertionError(e);
    }
  }

  /** The cache's summary of a Secret of sync {@code team}. */
  static Secret cached(String namespace, String name, DockerConfig config) {
    Secret written = ManagedSecret.desired("team", name, namespace, config, TemplateMetadata.NONE);
    written.getMetadata().setResourceVersion("7");
    return ManagedSecret.summary(written);
  }

  /** The summary of the same Secret after someone replaced its data but not the annotation. */
  static Secret edited(DockerConfig config) {
    Secret whole = ManagedSecret.desired("team", "pull", "apps", config, TemplateMetadata.NONE);
    whole.setData(
        Map.of(
            ".dockerconfigjson", Base64.getEncoder().encodeToString("{\"auths\":{}}".getBytes())));
    return ManagedSecret.summary(whole);
  }

  static ServiceAccount account(
      String namespace, String name, List<String> pullSecrets, String addedByPullwarden) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withResourceVersion("3")
        .withAnnotations(
            addedByPullwarden.isEmpty()
                ? Map.of()
                : Map.of(PullSecretAttachment.ATTACHED_ANNOTATION, addedByPullwarden))
        .endMetadata()
        .withImagePullSecrets(pullSecrets.stream().map(LocalObjectReference::new).toList())
        .build();
  }

  static Namespace namespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  static CredentialSource source(String name, List<String> namespaces) {
    AllowedNamespaces allowed = new AllowedNamespaces();
    allowed.setNames(namespaces);
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType("kubernetes-secret");
    spec.setTargetNamespaces(allowed);
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName(name);
    source.setSpec(spec);
    return source;
  }

  static DockerConfig config(String password) {
    return TestLogins.robot("registry.example.com", password);
  }
}
