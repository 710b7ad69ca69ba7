package io.pullwarden.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store phase's objects: in OpenBao, a read-only policy and token for the agent; in the
 * cluster, that token in a Secret marked for the source, a {@code vault} CredentialSource with
 * token auth, and a PullSecretSync of the KV v2 secret into the namespaces labelled {@value
 * BenchCluster#STORE_LABEL}, writing a Secret of its own name. The sync attaches to no
 * ServiceAccount: the fan-out sync already does, and the phase measures the store, not attachment.
 */
final class StoreObjects {

  static final String SOURCE = "bench-vault";
  static final String SYNC = "bench-store";
  static final String SECRET_NAME = "bench-store-pull";
  static final String TOKEN_SECRET = "bench-vault-token";
  static final String KV_MOUNT = "secret";
  static final String KV_PATH = "bench/store";
  private static final String POLICY = "pullwarden-bench";

  private final KubernetesClient client;
  private final BenchCluster cluster;

  StoreObjects(KubernetesClient client, BenchCluster cluster) {
    this.client = client;
    this.cluster = cluster;
  }

  /**
   * A token for the agent that may read only the secret, and its display name, by which the audit
   * log tells its requests from the benchmark's (the root token's) own.
   */
  String agentToken(AuditedOpenBao bao) {
    String secretPaths =
        String.format(
            "path \"%1$s/data/%2$s\" { capabilities = [\"read\"] }%n"
                + "path \"%1$s/metadata/%2$s\" { capabilities = [\"read\"] }%n",
            KV_MOUNT, KV_PATH);
    bao.root().write("sys/policies/acl/" + POLICY, Map.of("policy", secretPaths));
    String token =
        bao.root()
            .write(
                "auth/token/create",
                Map.of("policies", List.of(POLICY), "display_name", POLICY, "ttl", "24h"))
            .path("auth")
            .path("client_token")
            .asText();
    client
        .secrets()
        .inNamespace(BenchCluster.AGENT_NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(TOKEN_SECRET)
                .withAnnotations(Map.of("pullwarden.io/credential-sources", SOURCE))
                .endMetadata()
                .withStringData(Map.of("token", token))
                .build())
        .serverSideApply();
    return bao.root()
        .withToken(token)
        .read("auth/token/lookup-self")
        .path("data")
        .path("display_name")
        .asText();
  }

  /** The vault CredentialSource, token auth, allowed into the store phase's namespaces. */
  void source(AuditedOpenBao bao) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", "vault");
    spec.put(
        "config",
        Map.of(
            "address",
            bao.address().toString(),
            "auth",
            Map.of("token", Map.of("secretRef", Map.of("name", TOKEN_SECRET, "key", "token")))));
    if (cluster.sourcesAreScoped()) {
      spec.put(
          "targetNamespaces",
          Map.of("selector", Map.of("matchLabels", Map.of(BenchCluster.STORE_LABEL, "true"))));
    }
    client
        .genericKubernetesResources(BenchCluster.API_VERSION, "CredentialSource")
        .resource(BenchCluster.custom("CredentialSource", SOURCE, spec))
        .serverSideApply();
  }

  /**
   * Applies the store sync with {@code setting}'s interval, or none; returns the interval the API
   * server stored (a CRD default fills an unset one in), or null if it stored none.
   */
  String sync(RefreshSetting setting) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("secretName", SECRET_NAME);
    spec.put(
        "registries",
        List.of(
            Map.of(
                "server",
                BenchCluster.SERVER,
                "sourceRef",
                SOURCE,
                "ref",
                Map.of("kv", Map.of("mount", KV_MOUNT, "path", KV_PATH)))));
    spec.put(
        "namespaces",
        Map.of("selector", Map.of("matchLabels", Map.of(BenchCluster.STORE_LABEL, "true"))));
    if (!setting.isDefault()) {
      spec.put("refreshInterval", setting.spec());
    }
    GenericKubernetesResource applied =
        client
            .genericKubernetesResources(BenchCluster.API_VERSION, "PullSecretSync")
            .resource(BenchCluster.custom("PullSecretSync", SYNC, spec))
            .serverSideApply();
    Object stored =
        applied.getAdditionalProperties().get("spec") instanceof Map<?, ?> s
            ? s.get("refreshInterval")
            : null;
    return stored == null ? null : stored.toString();
  }

  /** Deletes the source and its token Secret (after the sync is gone). */
  void deleteSource() {
    client
        .genericKubernetesResources(BenchCluster.API_VERSION, "CredentialSource")
        .withName(SOURCE)
        .delete();
    client.secrets().inNamespace(BenchCluster.AGENT_NAMESPACE).withName(TOKEN_SECRET).delete();
  }
}
