package io.pullwarden.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClusterConnectionTest {

  @Test
  void usesHttp11WhenTheOperatorSaidNothing() {
    assertThat(ClusterConnection.operatorChoseProtocol(Map.of(), new Properties())).isFalse();
    assertThat(ClusterConnection.config(Map.of(), new Properties()).isHttp2Disable()).isTrue();
  }

  @Test
  void leavesTheProtocolToFabric8WhenTheEnvironmentSetsIt() {
    assertThat(
            ClusterConnection.operatorChoseProtocol(
                Map.of("HTTP2_DISABLE", "false"), new Properties()))
        .isTrue();
  }

  @Test
  void leavesTheProtocolToFabric8WhenASystemPropertySetsIt() {
    Properties properties = new Properties();
    properties.setProperty("http2.disable", "false");
    assertThat(ClusterConnection.operatorChoseProtocol(Map.of(), properties)).isTrue();
  }

  @Test
  void aKubeconfigWithAClientCertificateHasNoTokenToRefresh() {
    assertThat(ClusterConnection.hasTokenToRefresh(fromKubeconfig(CERTIFICATE_USER))).isFalse();
    assertThat(ClusterConnection.authenticatesByCertificateOnly(fromKubeconfig(CERTIFICATE_USER)))
        .isTrue();
  }

  @Test
  void withoutACertificateFabric8sRefreshStaysToFindATokenThatAppearsLater() {
    // An exec plugin that failed at start-up leaves no token and no certificate.
    Config nothing = fromKubeconfig("{}");
    assertThat(ClusterConnection.hasTokenToRefresh(nothing)).isFalse();
    assertThat(ClusterConnection.authenticatesByCertificateOnly(nothing)).isFalse();
  }

  @Test
  void aTokenOrBasicCredentialsKeepFabric8sRefresh() {
    assertThat(ClusterConnection.hasTokenToRefresh(fromKubeconfig("token: t0ken"))).isTrue();
    assertThat(ClusterConnection.hasTokenToRefresh(fromKubeconfig("{username: u, password: p}")))
        .isTrue();
    Config provided = fromKubeconfig(CERTIFICATE_USER);
    provided.setOauthTokenProvider(() -> "t0ken");
    assertThat(ClusterConnection.hasTokenToRefresh(provided)).isTrue();
    Config serviceAccount = fromKubeconfig(CERTIFICATE_USER);
    serviceAccount.setAutoOAuthToken("t0ken");
    assertThat(ClusterConnection.hasTokenToRefresh(serviceAccount)).isTrue();
  }

  private static final String CERTIFICATE_USER =
      "{client-certificate-data: Y2VydA==, client-key-data: a2V5}";

  /** What fabric8 makes of a kubeconfig whose one user is {@code user} (a YAML flow map). */
  private static Config fromKubeconfig(String user) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
        users: [{name: u, user: %s}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        """
            .formatted(user.startsWith("{") ? user : "{" + user + "}");
    return Config.fromKubeconfig(yaml);
  }
}
