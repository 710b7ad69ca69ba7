package io.pullwarden.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;

/**
 * The HTTP clients fabric8 can run on, chosen explicitly. With more than one on the class path
 * fabric8 picks among equal priorities by class-path order; the agent's distribution carries both
 * and ends up on the JDK one. The raw limit is measured on each, so the ratio compares like with
 * like and the table shows what the other client would give.
 */
enum HttpClientKind {
  JDK("JDK HttpClient") {
    @Override
    HttpClient.Factory factory() {
      return new JdkHttpClientFactory();
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

  String label() {
    return label;
  }

  /** A client on this HTTP client for {@code config}; the caller closes it. */
  KubernetesClient client(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(factory())
        .build();
  }
}
