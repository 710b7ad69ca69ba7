package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.ServerProcess;
import io.pullwarden.testenv.TestDependencies;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * People's access to Pullwarden through Kubernetes' built-in {@code view} and {@code edit} roles:
 * the chart's aggregated ClusterRoles applied, kube-controller-manager's ClusterRole aggregation
 * controller (and nothing else of it) running, so the built-in roles really gain their rules, and
 * clients that impersonate users bound to them.
 */
final class UserRoles implements AutoCloseable {

  private final KubernetesServer server;
  private final ServerProcess aggregation;

  private UserRoles(KubernetesServer server, ServerProcess aggregation) {
    this.server = server;
    this.aggregation = aggregation;
  }

  /**
   * Applies the chart's {@code -view} and {@code -edit} ClusterRoles (the latter opt-in, {@code
   * rbac.aggregatedEditRole}) and starts aggregating.
   */
  static UserRoles install(KubernetesServer server, KubernetesClient admin) {
    List<HasMetadata> roles =
        HelmChart.objects(
                admin,
                HelmChart.render(
                    ChartServiceAccount.RELEASE,
                    ChartServiceAccount.NAMESPACE,
                    "--set",
                    "rbac.aggregatedEditRole=true"))
            .stream()
            .filter(ClusterRole.class::isInstance)
            .filter(role -> role.getMetadata().getName().matches(".*-(view|edit)"))
            .toList();
    roles.forEach(role -> admin.resource(role).serverSideApply());
    ServerProcess controller =
        ServerProcess.start(
            "clusterrole-aggregation",
            List.of(
                TestDependencies.kubernetesBinary("kube-controller-manager").toString(),
                "--kubeconfig=" + server.kubeconfigFile(),
                "--controllers=clusterrole-aggregation",
                "--leader-elect=false",
                "--secure-port=0"),
            Map.of());
    return new UserRoles(server, controller);
  }

  /** A ClusterRoleBinding of {@code user} to the built-in ClusterRole {@code role}. */
  static void bindClusterWide(KubernetesClient admin, String user, String role) {
    admin
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(user + "-" + role)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName(user)
                .endSubject()
                .build())
        .serverSideApply();
  }

  /**
   * A RoleBinding of {@code user} to the built-in ClusterRole {@code role} in {@code namespace}.
   */
  static void bindInNamespace(KubernetesClient admin, String user, String role, String namespace) {
    admin
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(user + "-" + role)
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName(user)
                .endSubject()
                .build())
        .serverSideApply();
  }

  /**
   * Waits until the built-in ClusterRole {@code role} holds a rule for {@code resource} of
   * pullwarden.io: the controller copies the chart's rules into it a moment after it starts.
   */
  void awaitAggregated(KubernetesClient admin, String role, String resource) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              if (!aggregation.isAlive()) {
                // Not an AssertionError, so Awaitility stops at once.
                throw new IllegalStateException(
                    "the aggregation controller exited:\n" + aggregation.output());
              }
              assertThat(admin.rbac().clusterRoles().withName(role).get().getRules())
                  .as("rules of ClusterRole %s", role)
                  .anySatisfy(
                      rule -> {
                        assertThat(rule.getApiGroups()).contains("pullwarden.io");
                        assertThat(rule.getResources()).contains(resource);
                      });
            });
  }

  /** A client of the admin that impersonates {@code user}; the caller closes it. */
  KubernetesClient as(String user) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(server.config()).withImpersonateUsername(user).build())
        .build();
  }

  /** The objects of {@code yaml} as {@code client} would load them. */
  static List<HasMetadata> load(KubernetesClient client, String yaml) {
    return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
  }

  @Override
  public void close() {
    aggregation.close();
  }
}
