package io.pullwarden.bench;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The best this API server can do: N Secret updates in a tight loop from one fabric8 client (on a
 * given HTTP client), with as many in flight as the agent allows itself (16), each a PUT carrying
 * the resourceVersion just as the agent's update is. The Secrets are shaped like managed ones
 * (type, two labels, a content-hash annotation, one {@code .dockerconfigjson} key) but are not
 * labelled as Pullwarden's, so the agent neither sees nor caches them.
 */
final class RawWriteLimit {

  static final String SECRET_NAME = "bench-raw";
  static final int IN_FLIGHT = 16;

  private final KubernetesClient client;
  private final HttpClientKind kind;

  RawWriteLimit(KubernetesClient client, HttpClientKind kind) {
    this.client = client;
    this.kind = kind;
  }

  HttpClientKind kind() {
    return kind;
  }

  /** Updates the raw Secret of every namespace once; returns the loop's wall time. */
  Duration measure(List<String> namespaces, String content) {
    // The agent reads resourceVersions from its watch cache; the list here is not timed either.
    Map<String, String> versions =
        client
            .secrets()
            .inAnyNamespace()
            .withField("metadata.name", SECRET_NAME)
            .list()
            .getItems()
            .stream()
            .collect(
                Collectors.toMap(
                    s -> s.getMetadata().getNamespace(),
                    s -> s.getMetadata().getResourceVersion()));
    return BoundedWrites.run(
        namespaces,
        IN_FLIGHT,
        ns -> client.resource(secret(ns, content, versions.get(ns))).update());
  }

  /**
   * Creates a Secret named {@code name}, shaped like the raw one, in every namespace; returns the
   * loop's wall time. The creates of an initial sync, made the same way: the other half of issue
   * 15's initial-sync target.
   */
  Duration create(List<String> namespaces, String name) {
    return BoundedWrites.run(
        namespaces, IN_FLIGHT, ns -> client.resource(secret(ns, name, "initial", null)).create());
  }

  /** Deletes what {@link #create} made, {@value #IN_FLIGHT} at a time. */
  void delete(List<String> namespaces, String name) {
    BoundedWrites.run(
        namespaces, IN_FLIGHT, ns -> client.secrets().inNamespace(ns).withName(name).delete());
  }

  /** The raw Secret of {@code namespace} holding {@code content}, at {@code resourceVersion}. */
  static Secret secret(String namespace, String content, String resourceVersion) {
    return secret(namespace, SECRET_NAME, content, resourceVersion);
  }

  private static Secret secret(
      String namespace, String name, String content, String resourceVersion) {
    String auth =
        Base64.getEncoder()
            .encodeToString(
                (BenchCluster.USERNAME + ":" + content).getBytes(StandardCharsets.UTF_8));
    String json =
        "{\"auths\":{\""
            + BenchCluster.SERVER
            + "\":{\"username\":\""
            + BenchCluster.USERNAME
            + "\",\"password\":\""
            + content
            + "\",\"auth\":\""
            + auth
            + "\"}}}";
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withResourceVersion(resourceVersion)
        .withLabels(Map.of("app.kubernetes.io/part-of", "pullwarden-bench", "bench/kind", "raw"))
        .withAnnotations(Map.of("bench/content-hash", "sha256:" + "0".repeat(64)))
        .endMetadata()
        .withType("kubernetes.io/dockerconfigjson")
        .withData(
            Map.of(
                ".dockerconfigjson",
                Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))))
        .build();
  }
}
