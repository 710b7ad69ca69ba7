package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.pullwarden.agent.Agent;
import io.pullwarden.agent.source.SourceFactories;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugins.kubernetessecret.KubernetesSecretSourceFactory;
import io.pullwarden.testenv.KubernetesServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The chart's ServiceAccount with the chart's RBAC and admission policies, applied to the test API
 * server from the default rendering, and a client (or, for a launched agent, a kubeconfig) that
 * authenticates with nothing but a token of that account from the TokenRequest API: what the
 * agent's pod gets in a cluster. No client certificate, no admin user. Every test that runs the
 * agent on this account therefore runs it under the policies too.
 */
final class ChartServiceAccount {

  static final String RELEASE = "pullwarden";
  static final String NAMESPACE = RunningAgent.AGENT_NAMESPACE;

  /** The policy over the agent's own account, and the one that keeps Pullwarden's labels to it. */
  static final String AGENT_POLICY = RELEASE + "-agent";

  static final String OWNERSHIP_POLICY = RELEASE + "-secret-ownership";
  private static final Set<String> ACCESS_KINDS =
      Set.of(
          "ServiceAccount",
          "ClusterRole",
          "ClusterRoleBinding",
          "Role",
          "RoleBinding",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding");

  private final KubernetesServer server;
  private final String name;
  private final List<HasMetadata> applied;
  private final String token;

  private ChartServiceAccount(
      KubernetesServer server, String name, List<HasMetadata> applied, String token) {
    this.server = server;
    this.name = name;
    this.applied = applied;
    this.token = token;
  }

  /**
   * Applies the chart's ServiceAccount, RBAC and admission policies (idempotent), requests a token
   * and waits until the API server enforces the policies.
   */
  static ChartServiceAccount install(KubernetesServer server, KubernetesClient admin) {
    new TestCluster(admin).namespace(NAMESPACE, Map.of());
    List<HasMetadata> access =
        HelmChart.objects(admin, HelmChart.render(RELEASE, NAMESPACE)).stream()
            .filter(object -> ACCESS_KINDS.contains(object.getKind()))
            .filter(object -> !HelmChart.isHook(object))
            .toList();
    access.forEach(object -> admin.resource(object).serverSideApply());
    String name =
        access.stream()
            .filter(ServiceAccount.class::isInstance)
            .findFirst()
            .orElseThrow(() -> new AssertionError("the chart renders no ServiceAccount"))
            .getMetadata()
            .getName();
    String token =
        admin
            .serviceAccounts()
            .inNamespace(NAMESPACE)
            .withName(name)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    ChartServiceAccount account = new ChartServiceAccount(server, name, access, token);
    try (KubernetesClient client = account.newClient()) {
      awaitRefused(client, AGENT_POLICY);
      awaitRefused(admin, OWNERSHIP_POLICY);
    }
    return account;
  }

  /**
   * Waits until {@code policy} refuses {@code client} a dry-run create of an Opaque Secret with
   * Pullwarden's labels: the API server loads a policy and its binding a moment after they exist.
   * Each of the chart's two policies refuses this for its own requesters; being a dry run, it
   * leaves nothing behind before then.
   */
  private static void awaitRefused(KubernetesClient client, String policy) {
    Secret probe =
        new SecretBuilder()
            .withNewMetadata()
            .withName("policy-probe")
            .withNamespace(NAMESPACE)
            .withLabels(
                Map.of("app.kubernetes.io/managed-by", "pullwarden", "pullwarden.io/sync", "probe"))
            .endMetadata()
            .withType("Opaque")
            .build();
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> client.resource(probe).dryRun().create())
                    .as("policy %s is enforced", policy)
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining(policy));
  }

  /** The RBAC and policy objects the chart rendered and this applied. */
  List<HasMetadata> applied() {
    return applied;
  }

  /** The name the API server knows this account by. */
  String username() {
    return "system:serviceaccount:" + NAMESPACE + ":" + name;
  }

  /**
   * Starts the agent as the chart's pod runs it: in the release namespace, with the
   * kubernetes-secret plugin, on {@code client} (one of {@link #newClient()}).
   */
  static Agent startAgent(KubernetesClient client) {
    return startAgent(client, Agent.Options.defaults(NAMESPACE).identity());
  }

  /** {@link #startAgent(KubernetesClient)} as the replica (pod) named {@code identity}. */
  static Agent startAgent(KubernetesClient client, String identity) {
    CredentialSourceFactory plugin = new KubernetesSecretSourceFactory();
    SourceFactories factories =
        new SourceFactories() {
          @Override
          public Optional<CredentialSourceFactory> factory(String type) {
            return type.equals(plugin.type()) ? Optional.of(plugin) : Optional.empty();
          }

          @Override
          public Set<String> types() {
            return Set.of(plugin.type());
          }
        };
    return Agent.start(
        client,
        factories,
        Agent.Options.defaults(NAMESPACE)
            .withRetryBackoff(RunningAgent.RETRY_BACKOFF)
            .withIdentity(identity));
  }

  /** The user name the API server sees for {@code client}'s credentials (SelfSubjectReview). */
  static String whoIs(KubernetesClient client) {
    return client
        .resource(new SelfSubjectReview())
        .create()
        .getStatus()
        .getUserInfo()
        .getUsername();
  }

  /**
   * Writes a kubeconfig that carries only this account's bearer token into {@code directory}, for
   * an agent launched as a process of its own; returns its path.
   */
  Path kubeconfig(Path directory) throws IOException {
    Config admin = server.config();
    io.fabric8.kubernetes.api.model.Config kubeconfig =
        new io.fabric8.kubernetes.api.model.ConfigBuilder()
            .addNewCluster()
            .withName("test")
            .withNewCluster()
            .withServer(admin.getMasterUrl())
            .withCertificateAuthority(admin.getCaCertFile())
            .withCertificateAuthorityData(admin.getCaCertData())
            .endCluster()
            .endCluster()
            .addNewUser()
            .withName(name)
            .withNewUser()
            .withToken(token)
            .endUser()
            .endUser()
            .addNewContext()
            .withName(name)
            .withNewContext()
            .withCluster("test")
            .withUser(name)
            .withNamespace(NAMESPACE)
            .endContext()
            .endContext()
            .withCurrentContext(name)
            .build();
    return Files.writeString(
        directory.resolve(name + ".kubeconfig"), new KubernetesSerialization().asYaml(kubeconfig));
  }

  /** A new client that carries only this account's bearer token; the caller closes it. */
  KubernetesClient newClient() {
    Config admin = server.config();
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(admin.getMasterUrl())
            .withCaCertFile(admin.getCaCertFile())
            .withCaCertData(admin.getCaCertData())
            .withOauthToken(token)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
