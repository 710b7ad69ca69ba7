package io.pullwarden.agent;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import java.util.Map;
import java.util.Properties;

/**
 * How the agent reaches the API server: fabric8's usual configuration (in-cluster ServiceAccount,
 * else the kubeconfig), on HTTP/1.1 unless the operator chose otherwise.
 *
 * <p>HTTP/1.1 because the JDK HttpClient and kube-apiserver spend more CPU per request on HTTP/2,
 * where every call shares one connection: in the benchmark a loop of 1,000 Secret updates took 0.88
 * s on HTTP/2 and 0.57 s on HTTP/1.1, with less CPU on both sides (docs/benchmarks.md, ADR 0008).
 * fabric8's own switch still wins when it is set: {@code HTTP2_DISABLE=false} in the environment or
 * {@code -Dhttp2.disable=false} brings HTTP/2 back.
 *
 * <p>A client that authenticates with a client certificate and no token (a kubeconfig as outside a
 * cluster) has fabric8's token refresh replaced by nothing: fabric8 7.6 re-reads the configuration
 * once a minute to find a newer token, and when there is none it does not record the attempt, so
 * from the first minute on it re-read and re-parsed the kubeconfig before every request. In the
 * fan-out benchmark that was a third of the agent's CPU samples (docs/benchmarks.md). A token, a
 * token provider, an auth provider or a username and password keep fabric8's refresh: a
 * ServiceAccount's token in a pod is re-read each minute, as it rotates.
 */
final class ClusterConnection {

  private static final String HTTP2_DISABLE_ENV = "HTTP2_DISABLE";

  /** Stands in for fabric8's token refresh when there is no token to refresh. */
  private static final Interceptor NO_TOKEN_TO_REFRESH = new Interceptor() {};

  private ClusterConnection() {}

  static KubernetesClient open() {
    Config config = config(System.getenv(), System.getProperties());
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(
            builder -> {
              if (authenticatesByCertificateOnly(config)) {
                builder.addOrReplaceInterceptor(TokenRefreshInterceptor.NAME, NO_TOKEN_TO_REFRESH);
              }
            })
        .build();
  }

  /**
   * Whether {@code config} authenticates with a client certificate and has no token to refresh, the
   * one case where fabric8's refresh re-parses the configuration before every request. Without a
   * certificate the refresh stays, so a token that could not be read at start-up (an exec plugin
   * that failed, a ServiceAccount token not mounted yet) is still picked up on a 401.
   */
  static boolean authenticatesByCertificateOnly(Config config) {
    boolean certificate =
        notBlank(config.getClientCertData()) || notBlank(config.getClientCertFile());
    return certificate && !hasTokenToRefresh(config);
  }

  /**
   * Whether fabric8's token refresh has anything to do for {@code config}: a token (given, from a
   * provider, or found by auto-configuration, such as a ServiceAccount's), an auth provider, or
   * basic credentials.
   */
  static boolean hasTokenToRefresh(Config config) {
    return notBlank(config.getOauthToken())
        || notBlank(config.getAutoOAuthToken())
        || config.getOauthTokenProvider() != null
        || config.getAuthProvider() != null
        || (notBlank(config.getUsername()) && notBlank(config.getPassword()));
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }

  /** The client configuration, given the process's environment and system properties. */
  static Config config(Map<String, String> environment, Properties properties) {
    ConfigBuilder config = new ConfigBuilder();
    if (!operatorChoseProtocol(environment, properties)) {
      config.withHttp2Disable(true);
    }
    return config.build();
  }

  static boolean operatorChoseProtocol(Map<String, String> environment, Properties properties) {
    return environment.containsKey(HTTP2_DISABLE_ENV)
        || properties.containsKey(Config.KUBERNETES_HTTP2_DISABLE);
  }
}
