package io.pullwarden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.ChartRelease;
import io.pullwarden.testenv.NodePods;
import io.pullwarden.testenv.RealNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the end-to-end tests read and write on the {@link RealNode}'s cluster, as its admin, the way
 * a user would with kubectl: manifests applied, the installed agent's pods and Lease, the Secrets
 * and ServiceAccounts it wrote, and application pods that pull the node's private image.
 */
final class ClusterView {

  static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RealNode node;
  private final KubernetesClient admin;

  ClusterView(RealNode node, KubernetesClient admin) {
    this.node = node;
    this.admin = admin;
  }

  /** {@code kubectl apply --server-side -f -} of one or more YAML documents. */
  void apply(String yaml) {
    admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).serverSideApply();
  }

  /**
   * A vault CredentialSource named {@code name} at {@code address}, logging in with {@code token}
   * from a Secret in the release namespace marked for it, allowed into the namespaces with {@code
   * matchLabels} (YAML flow map).
   */
  void vaultSource(String name, String address, String token, String matchLabels) {
    apply(
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: %1$s-token
          namespace: %2$s
          annotations: {pullwarden.io/credential-sources: %1$s}
        stringData: {token: %3$s}
        ---
        apiVersion: pullwarden.io/v1alpha1
        kind: CredentialSource
        metadata: {name: %1$s}
        spec:
          type: vault
          targetNamespaces: {selector: {matchLabels: %4$s}}
          config:
            address: %5$s
            auth: {token: {secretRef: {name: %1$s-token, key: token}}}
        """
            .formatted(name, ChartRelease.NAMESPACE, token, matchLabels, address));
  }

  /**
   * A PullSecretSync of {@code server} from OpenBao KV {@code helm-it/registry} through {@code
   * source}, into Secret {@code secret} of the namespaces with {@code matchLabels}, attached to
   * their {@code default} ServiceAccounts, checked every 2 s.
   */
  void kvSync(String name, String secret, String server, String source, String matchLabels) {
    apply(
        """
        apiVersion: pullwarden.io/v1alpha1
        kind: PullSecretSync
        metadata: {name: %s}
        spec:
          secretName: %s
          registries:
          - server: "%s"
            sourceRef: %s
            ref: {kv: {path: helm-it/registry}}
          namespaces: {selector: {matchLabels: %s}}
          serviceAccounts: [default]
          refreshInterval: 2s
        """
            .formatted(name, secret, server, source, matchLabels));
  }

  /** A namespace with {@code labels} (YAML flow map, such as {@code {team: "true"}}). */
  void namespace(String name, String labels) {
    apply(
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: %s, labels: %s}"
            .formatted(name, labels));
  }

  /**
   * The labels of the release's agent pods (the Deployment's selector); the pod of {@code helm
   * test} has the same instance label but a name of its own.
   */
  private static final Map<String, String> AGENT_LABELS =
      Map.of(
          "app.kubernetes.io/name",
          "pullwarden",
          "app.kubernetes.io/instance",
          ChartRelease.RELEASE);

  /** The release's agent pods that are not being deleted. */
  List<Pod> agentPods() {
    return admin
        .pods()
        .inNamespace(ChartRelease.NAMESPACE)
        .withLabels(AGENT_LABELS)
        .list()
        .getItems()
        .stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  /** The holder of the release's Lease, if any replica holds it. */
  Optional<String> leader() {
    Lease lease =
        admin.leases().inNamespace(ChartRelease.NAMESPACE).withName(ChartRelease.RELEASE).get();
    return Optional.ofNullable(lease)
        .map(l -> l.getSpec().getHolderIdentity())
        .filter(holder -> !holder.isEmpty());
  }

  String awaitLeader() {
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(leader()).as("the Lease's holder").isPresent());
    return leader().orElseThrow();
  }

  /** When the current holder took the release's Lease. */
  Instant leaseAcquired() {
    return admin
        .leases()
        .inNamespace(ChartRelease.NAMESPACE)
        .withName(ChartRelease.RELEASE)
        .get()
        .getSpec()
        .getAcquireTime()
        .toInstant();
  }

  /** Waits until {@code namespace}'s {@code default} ServiceAccount names {@code secret}. */
  void awaitAttached(String namespace, String secret) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(pullSecretsOf(namespace))
                    .as("pull Secrets of %s/default", namespace)
                    .contains(secret));
  }

  /** The names in {@code namespace}'s {@code default} ServiceAccount's {@code imagePullSecrets}. */
  List<String> pullSecretsOf(String namespace) {
    return admin
        .serviceAccounts()
        .inNamespace(namespace)
        .withName("default")
        .get()
        .getImagePullSecrets()
        .stream()
        .map(LocalObjectReference::getName)
        .toList();
  }

  /** The password in Secret {@code name} of {@code namespace} for the node's private registry. */
  String writtenPassword(String namespace, String name) throws Exception {
    return passwordUnder(namespace, name, node.privateRegistry().host());
  }

  /**
   * The password under {@code key} of Secret {@code name}'s auths — the only key when {@code key}
   * is null — or "" when the Secret or key is not there.
   */
  String passwordUnder(String namespace, String name, String key) throws Exception {
    Secret secret = admin.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null || secret.getData() == null) {
      return "";
    }
    JsonNode auths =
        JSON.readTree(Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")))
            .path("auths");
    JsonNode entry =
        key != null ? auths.path(key) : auths.isEmpty() ? auths : auths.elements().next();
    String auth = entry.path("auth").asText();
    String login = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
    return login.substring(login.indexOf(':') + 1);
  }

  /**
   * Creates a pod in {@code namespace} that runs the node's private image as the {@code default}
   * ServiceAccount with no pull Secret of its own, pulled with {@code pullPolicy}.
   */
  void createPod(String namespace, String name, String pullPolicy) {
    admin
        .resource(
            NodePods.pod(namespace, name, node.privateImage(), pullPolicy, "default", List.of()))
        .create();
  }

  /** Running, or the reason its pull failed; see {@link NodePods#awaitPullOutcome}. */
  String pullOutcome(String namespace, String name) {
    return NodePods.awaitPullOutcome(admin, namespace, name, PATIENCE);
  }

  /**
   * Whether the kubelet got the registry's 401 for the pod's image; the event may reach the API
   * server a moment after the pod's status, so this waits for it (30 s at most).
   */
  boolean refused(String namespace, String name) {
    return NodePods.awaitEvent(admin, namespace, name, "401 Unauthorized", Duration.ofSeconds(30));
  }

  /** Waits until no pod of the release is left, not even one being deleted. */
  void awaitNoAgentPods() {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        admin
                            .pods()
                            .inNamespace(ChartRelease.NAMESPACE)
                            .withLabels(AGENT_LABELS)
                            .list()
                            .getItems())
                    .as("agent pods, terminating ones included")
                    .isEmpty());
  }

  ContainerStatus container(String namespace, String name) {
    return NodePods.container(admin, namespace, name).orElseThrow();
  }

  static boolean ready(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  static int restarts(Pod pod) {
    return pod.getStatus().getContainerStatuses().stream()
        .mapToInt(ContainerStatus::getRestartCount)
        .sum();
  }
}
