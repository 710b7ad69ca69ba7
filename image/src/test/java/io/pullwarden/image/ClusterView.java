package io.pullwarden.image;

import static java.util.concurrent.TimeUnit.MINUTES;
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
import io.pullwarden.agent.diagnose.Diagnoser;
import io.pullwarden.agent.diagnose.Diagnosis;
import io.pullwarden.agent.diagnose.DiagnosisReport;
import io.pullwarden.agent.diagnose.KubernetesClusterView;
import io.pullwarden.agent.diagnose.RegistryHandshake;
import io.pullwarden.agent.diagnose.Subjects;
import io.pullwarden.agent.registry.HttpRegistryCheck;
import io.pullwarden.testenv.ChartRelease;
import io.pullwarden.testenv.NodePods;
import io.pullwarden.testenv.RealNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractStringAssert;

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
   * ServiceAccount with no pull Secret of its own, pulled with {@code pullPolicy}, and returns once
   * the admitted pod carries every pull Secret the account names.
   *
   * <p>The API server's ServiceAccount admission reads accounts from its own informer cache, so a
   * pod created in the moment after the agent attached a Secret can be admitted without it (seen
   * once in CI: {@code ErrImagePull} right after the account named the Secret). A user would see
   * the same and recreate the pod; so does this, until admission has caught up.
   */
  void createPod(String namespace, String name, String pullPolicy) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              List<String> accountSecrets = pullSecretsOf(namespace);
              Pod admitted =
                  admin
                      .resource(
                          NodePods.pod(
                              namespace,
                              name,
                              node.privateImage(),
                              pullPolicy,
                              "default",
                              List.of()))
                      .create();
              List<String> podSecrets =
                  admitted.getSpec().getImagePullSecrets().stream()
                      .map(LocalObjectReference::getName)
                      .toList();
              if (!podSecrets.containsAll(accountSecrets)) {
                admin.resource(admitted).withGracePeriod(0).delete();
                admin.resource(admitted).waitUntilCondition(Objects::isNull, 1, MINUTES);
              }
              assertThat(podSecrets)
                  .as("pull Secrets admission gave %s/%s", namespace, name)
                  .containsAll(accountSecrets);
            });
  }

  /** Running, or the reason its pull failed; see {@link NodePods#awaitPullOutcome}. */
  String pullOutcome(String namespace, String name) {
    return NodePods.awaitPullOutcome(admin, namespace, name, PATIENCE);
  }

  /**
   * An assertion on {@link #pullOutcome} whose failure names the pod's pull Secrets and events, as
   * {@code kubectl describe pod} would.
   */
  AbstractStringAssert<?> assertPull(String namespace, String name) {
    return assertThat(pullOutcome(namespace, name))
        .as(
            "pull outcome of %s/%s (pull Secrets %s; events: %s)",
            namespace,
            name,
            admin
                .pods()
                .inNamespace(namespace)
                .withName(name)
                .get()
                .getSpec()
                .getImagePullSecrets()
                .stream()
                .map(LocalObjectReference::getName)
                .toList(),
            NodePods.events(admin, namespace, name));
  }

  /**
   * What {@code kubectl pullwarden diagnose -n NAMESPACE POD} finds for the pod, asking the node's
   * registry with the credential the kubelet would send; no report of it may hold {@code password}.
   */
  Diagnosis diagnose(String namespace, String name, String password) {
    Pod pod = admin.pods().inNamespace(namespace).withName(name).get();
    Diagnosis diagnosis =
        new Diagnoser(
                new KubernetesClusterView(admin),
                Clock.systemUTC(),
                new RegistryHandshake(new HttpRegistryCheck()))
            .diagnose(Subjects.ofPod(namespace, Optional.of(name), pod.getSpec(), true));
    assertThat(DiagnosisReport.text(diagnosis) + DiagnosisReport.json(diagnosis))
        .as("diagnose's report")
        .doesNotContain(password);
    return diagnosis;
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
