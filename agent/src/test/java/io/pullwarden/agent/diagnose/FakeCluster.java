package io.pullwarden.agent.diagnose;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncStatus;
import io.pullwarden.agent.fanout.ManagedSecret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A {@link ClusterView} holding the objects a test puts in it. */
final class FakeCluster implements ClusterView {

  private final Map<String, ServiceAccount> accounts = new HashMap<>();
  private final Map<String, Secret> secrets = new LinkedHashMap<>();
  private final Map<String, PullSecretSync> syncs = new HashMap<>();
  private final List<PullEvent> events = new ArrayList<>();

  FakeCluster account(String namespace, String name, String... pullSecrets) {
    accounts.put(
        namespace + "/" + name,
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withImagePullSecrets(
                List.of(pullSecrets).stream().map(LocalObjectReference::new).toList())
            .build());
    return this;
  }

  /** A dockerconfigjson Secret with one login per key, each with {@code password}. */
  FakeCluster pullSecret(String namespace, String name, String password, String... keys) {
    String auth =
        Base64.getEncoder().encodeToString(("robot:" + password).getBytes(StandardCharsets.UTF_8));
    String auths =
        List.of(keys).stream()
            .map(k -> "\"" + k + "\":{\"auth\":\"" + auth + "\"}")
            .collect(Collectors.joining(","));
    return secret(
        namespace,
        name,
        "kubernetes.io/dockerconfigjson",
        ".dockerconfigjson",
        "{\"auths\":{" + auths + "}}");
  }

  FakeCluster secret(String namespace, String name, String type, String key, String document) {
    secrets.put(
        namespace + "/" + name,
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withType(type)
            .withData(
                Map.of(
                    key,
                    Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8))))
            .build());
    return this;
  }

  /** Labels Secret {@code name} as written by PullSecretSync {@code sync}. */
  FakeCluster managedBy(String namespace, String name, String sync) {
    secrets
        .get(namespace + "/" + name)
        .getMetadata()
        .setLabels(Map.of(ManagedSecret.SYNC_LABEL, sync));
    return this;
  }

  FakeCluster sync(String name, String ready, Optional<Instant> expiresAt) {
    PullSecretSync sync = new PullSecretSync();
    sync.getMetadata().setName(name);
    PullSecretSyncStatus status = new PullSecretSyncStatus();
    status
        .getConditions()
        .add(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus(ready)
                .withReason(ready.equals("True") ? "Synced" : "SourceUnavailable")
                .build());
    expiresAt.ifPresent(t -> status.setExpiresAt(t.toString()));
    sync.setStatus(status);
    syncs.put(name, sync);
    return this;
  }

  FakeCluster event(String reason, String message) {
    events.add(new PullEvent(reason, message, Optional.empty()));
    return this;
  }

  /** Every Secret's data as stored (base64), none of which a report may show. */
  List<String> secretData() {
    return secrets.values().stream().flatMap(s -> s.getData().values().stream()).toList();
  }

  @Override
  public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
    return Optional.ofNullable(accounts.get(namespace + "/" + name));
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(secrets.get(namespace + "/" + name));
  }

  @Override
  public List<String> namespacesWithSecret(String name) {
    return secrets.keySet().stream()
        .filter(k -> k.endsWith("/" + name))
        .map(k -> k.substring(0, k.indexOf('/')))
        .toList();
  }

  @Override
  public Optional<PullSecretSync> pullSecretSync(String name) {
    return Optional.ofNullable(syncs.get(name));
  }

  @Override
  public List<PullEvent> podEvents(String namespace, String pod) {
    return events;
  }
}
