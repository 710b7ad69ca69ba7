package io.pullwarden.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;

/**
 * The ways fabric8 can talk to the API server, chosen explicitly. The agent runs on the JDK
 * HttpClient over HTTP/1.1 ({@code ClusterConnection}); the raw limit is that client's loop, and
 * the loops on HTTP/2 (fabric8's default for the JDK client) and on Vert.x show what the other
 * choices would give.
 */
enum HttpClientKind {
  JDK("JDK HttpClient, HTTP/2") {
    @Override
    HttpClient.Factory factory() {
      return new JdkHttpClientFactory();
    }
  },
  JDK_HTTP11("JDK HttpClient, HTTP/1.1") {
    @Override
    HttpClient.Factory factory() {
      return new JdkHttpClientFactory();
    }

    @Override
    Config configure(Config config) {
      Config copy = new ConfigBuilder(config).build();
      copy.setHttp2Disable(true);
      return copy;
    }
  },
  VERTX("Vert.x") {
    @Override
    HttpClient.Factory factory() {
      return new VertxHttpClientFactory();
    }
  };

  private final String label;

  HttpClientKind(String label) {
    this.label = label;
  }

  abstract HttpClient.Factory factory();

  Config configure(Config config) {
    return config;
  }

  String label() {
    return label;
  }

  /** A client on this HTTP client for {@code config}; the caller closes it. */
  KubernetesClient client(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(configure(config))
        .withHttpClientFactory(factory())
        .build();
  }
}
