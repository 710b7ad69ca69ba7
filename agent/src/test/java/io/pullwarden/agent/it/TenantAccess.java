package io.pullwarden.agent.it;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pullwarden.testenv.KubernetesServer;

/**
 * A tenant of the test cluster: an ordinary user who may work with Secrets in one namespace, as the
 * built-in {@code edit} role allows, reached through the admin client's impersonation, so the API
 * server authorises and admits each request as that user's.
 */
final class TenantAccess {

  private TenantAccess() {}

  /**
   * Binds {@code user} to the built-in {@code edit} ClusterRole in {@code namespace} when it grants
   * anything. The API server creates {@code edit} empty and kube-controller-manager aggregates its
   * rules, so on the test server, which has no controller manager, a Role with the Secret verbs of
   * {@code edit} is bound instead.
   */
  static void grantEdit(KubernetesClient admin, String user, String namespace) {
    ClusterRole edit = admin.rbac().clusterRoles().withName("edit").get();
    String kind = "ClusterRole";
    String role = "edit";
    if (edit == null || edit.getRules() == null || edit.getRules().isEmpty()) {
      kind = "Role";
      role = "tenant-secrets";
      admin
          .rbac()
          .roles()
          .inNamespace(namespace)
          .resource(
              new RoleBuilder()
                  .withNewMetadata()
                  .withName(role)
                  .endMetadata()
                  .addNewRule()
                  .withApiGroups("")
                  .withResources("secrets")
                  .withVerbs("get", "list", "watch", "create", "update", "patch", "delete")
                  .endRule()
                  .build())
          .serverSideApply();
    }
    admin
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(user + "-" + role)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", kind, role)
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName(user)
                .endSubject()
                .build())
        .serverSideApply();
  }

  /** A client that acts as {@code user}; the caller closes it. */
  static KubernetesClient impersonating(KubernetesServer server, String user) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(server.config()).withImpersonateUsername(user).build())
        .build();
  }
}
