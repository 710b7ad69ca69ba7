package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.testkit.TestSourceContext;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.VaultExtension;
import io.pullwarden.testenv.VaultServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes login against the real API server: OpenBao's kubernetes auth method reviews the
 * agent's ServiceAccount token with a real TokenReview, using that same token as the reviewer (its
 * ServiceAccount is bound to {@code system:auth-delegator}), exactly as the docs describe.
 */
@ExtendWith({KubernetesExtension.class, VaultExtension.class})
class VaultKubernetesAuthIT {

  private static final String NAMESPACE = "vault-kubernetes-auth";
  private static final String MOUNT = "kubernetes-it";
  private static final String ROLE = "puller";
  private static final String SECRET_PATH = "kubernetes-auth/registry";
  private static TestSourceContext context;
  private static VaultServer vault;

  @TempDir static Path tokens;

  @BeforeAll
  static void configureKubernetesAuth(KubernetesServer kubernetes, VaultServer server)
      throws Exception {
    vault = server;
    context = VaultFixture.context(kubernetes, NAMESPACE);
    serviceAccount("pullwarden");
    serviceAccount("intruder");
    serviceAccount("unreviewed");
    context
        .client()
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("vault-kubernetes-auth-it-reviewer")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "system:auth-delegator")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("pullwarden")
                .withNamespace(NAMESPACE)
                .endSubject()
                .build())
        .serverSideApply();

    Config api = kubernetes.config();
    vault.api().write("sys/auth/" + MOUNT, Map.of("type", "kubernetes"));
    vault
        .api()
        .write(
            "auth/" + MOUNT + "/config",
            Map.of(
                "kubernetes_host", api.getMasterUrl().replaceAll("/+$", ""),
                "kubernetes_ca_cert", caPem(api),
                "disable_local_ca_jwt", true));
    VaultFixture.policy(
        vault, "pullwarden-kubernetes-it", VaultFixture.kvReadPolicy("kubernetes-auth"));
    vault
        .api()
        .write(
            "auth/" + MOUNT + "/role/" + ROLE,
            Map.of(
                "bound_service_account_names", List.of("pullwarden", "unreviewed"),
                "bound_service_account_namespaces", List.of(NAMESPACE),
                "token_policies", List.of("pullwarden-kubernetes-it"),
                "token_ttl", "1h"));
    VaultFixture.putKv(
        vault, SECRET_PATH, Map.of("username", "robot", "password", "pw-kubernetes"));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void logsInWithTheProjectedServiceAccountTokenAndReads() throws Exception {
    Path tokenFile = writeToken("pullwarden", "pullwarden.token");

    try (CredentialSession session = new VaultSourceFactory().open(config(tokenFile), context)) {
      assertThat(session.health()).isEqualTo(Health.ready());
      assertThat(session.fetch(VaultFixture.kvRef(SECRET_PATH)).secret())
          .isEqualTo(new UsernamePassword("robot", "pw-kubernetes"));
      assertThat(((VaultSession) session).keeper().current().grant().ttl().toMinutes())
          .as("TTL of the token the kubernetes role issued")
          .isBetween(59L, 60L);
    }
  }

  @Test
  void aTokenTheApiServerDoesNotVouchForIsRefused() throws Exception {
    String jwt = Files.readString(writeToken("pullwarden", "forged.token"));
    int dot = jwt.lastIndexOf('.');
    char flipped = jwt.charAt(dot + 5) == 'A' ? 'B' : 'A';
    Path forged = tokens.resolve("forged.token");
    Files.writeString(forged, jwt.substring(0, dot + 5) + flipped + jwt.substring(dot + 6));

    assertThatThrownBy(() -> new VaultSourceFactory().open(config(forged), context))
        .isInstanceOf(SourceException.AuthFailed.class)
        .hasMessageContaining(
            "refused the kubernetes login (mount auth/" + MOUNT + ", role 'puller')")
        .hasMessageContaining("HTTP 403: permission denied")
        .hasMessageNotContaining(jwt.substring(dot + 1));
  }

  @Test
  void aTokenWhoseServiceAccountMayNotReviewTokensIsRefused() throws Exception {
    // Bound by the role like 'pullwarden', but not to system:auth-delegator: OpenBao reviews each
    // login with the login's own JWT, so the API server forbids this TokenReview.
    Path tokenFile = writeToken("unreviewed", "unreviewed.token");

    assertThatThrownBy(() -> new VaultSourceFactory().open(config(tokenFile), context))
        .isInstanceOf(SourceException.AuthFailed.class)
        .hasMessageContaining("role 'puller'")
        .hasMessageContaining("HTTP 403: permission denied");
  }

  @Test
  void aServiceAccountTheRoleDoesNotBindIsRefused() throws Exception {
    Path tokenFile = writeToken("intruder", "intruder.token");

    assertThatThrownBy(() -> new VaultSourceFactory().open(config(tokenFile), context))
        .isInstanceOf(SourceException.AuthFailed.class)
        .hasMessageContaining("HTTP 403: service account name not authorized");
  }

  private static Settings config(Path tokenFile) {
    return VaultFixture.config(
        Map.of(
            "address",
            vault.address().toString(),
            "auth",
            Map.of(
                "kubernetes",
                Map.of("role", ROLE, "mount", MOUNT, "tokenPath", tokenFile.toString()))));
  }

  private static void serviceAccount(String name) {
    context
        .client()
        .serviceAccounts()
        .inNamespace(NAMESPACE)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  /** A token for {@code account} from the TokenRequest API, where a projected token would be. */
  private static Path writeToken(String account, String file) throws Exception {
    String token =
        context
            .client()
            .serviceAccounts()
            .inNamespace(NAMESPACE)
            .withName(account)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Path path = tokens.resolve(file);
    Files.writeString(path, token);
    return path;
  }

  private static String caPem(Config api) throws Exception {
    if (api.getCaCertData() != null) {
      return new String(Base64.getDecoder().decode(api.getCaCertData()), StandardCharsets.UTF_8);
    }
    return Files.readString(Path.of(api.getCaCertFile()));
  }
}
