package io.pullwarden.agent;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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
 */
final class ClusterConnection {

  private static final String HTTP2_DISABLE_ENV = "HTTP2_DISABLE";

  private ClusterConnection() {}

  static KubernetesClient open() {
    return new KubernetesClientBuilder()
        .withConfig(config(System.getenv(), System.getProperties()))
        .build();
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
