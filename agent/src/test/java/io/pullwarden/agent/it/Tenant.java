package io.pullwarden.agent.it;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.KubernetesServer;
import java.util.Map;

/**
 * A user with ordinary rights, as a hostile tenant would have them: the Secret rights of {@code
 * edit} on one namespace of their own ({@link TenantAccess}), and, where a test says so, the right
 * to create PullSecretSyncs or CredentialSources. Requests go through the admin client with
 * impersonation, so the API server authorises them as that user, RBAC and admission policies
 * included.
 */
final class Tenant {

  private final KubernetesServer server;
  private final String user;

  private Tenant(KubernetesServer server, String user) {
    this.server = server;
    this.user = user;
  }

  /** {@code user}, with the Secret rights of {@code edit} on {@code namespace} (created here). */
  static Tenant withNamespace(
      KubernetesServer server, KubernetesClient admin, String user, String namespace) {
    new TestCluster(admin).namespace(namespace, Map.of());
    TenantAccess.grantEdit(admin, user, namespace);
    return new Tenant(server, user);
  }

  /** Lets this user create and change every object of {@code resource} in pullwarden.io. */
  Tenant mayWrite(KubernetesClient admin, String resource) {
    String name = user + "-" + resource;
    admin
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addNewRule()
                .withApiGroups("pullwarden.io")
                .withResources(resource)
                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete")
                .endRule()
                .build())
        .serverSideApply();
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", name)
                .addNewSubject()
                .withKind("User")
                .withApiGroup("rbac.authorization.k8s.io")
                .withName(user)
                .endSubject()
                .build())
        .serverSideApply();
    return this;
  }

  /** A client that acts as this user; the caller closes it. */
  KubernetesClient client() {
    return TenantAccess.impersonating(server, user);
  }
}
