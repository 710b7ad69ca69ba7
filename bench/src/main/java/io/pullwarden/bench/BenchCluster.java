package io.pullwarden.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pullwarden.testenv.CustomResourceDefinitions;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The objects of the benchmark in the test cluster: the chart's CRDs, one kubernetes-secret
 * CredentialSource over a central Secret in the agent's namespace, one PullSecretSync selecting the
 * labelled namespaces and attaching its Secret to their {@code default} ServiceAccounts, as most
 * users would, and the unrelated Secrets that the agent must not cache. Bulk creation is bounded,
 * like everything else the benchmark does to the API server.
 */
final class BenchCluster {

  static final String AGENT_NAMESPACE = "pullwarden-system";
  static final String SELECTOR_LABEL = "pullwarden-bench";
  static final String SYNC = "bench";
  static final String SECRET_NAME = "bench-pull";
  static final String SERVER = "registry.bench.test";
  static final String USERNAME = "robot";
  static final int UNRELATED_PER_NAMESPACE = 5;

  private static final String API_VERSION = "pullwarden.io/v1alpha1";
  private static final String SOURCE = "bench-source";
  private static final String CENTRAL_SECRET = "bench-cred";
  private static final int CREATES_IN_FLIGHT = 16;

  /** About the size of a TLS key or an application config: big enough that caching shows. */
  private static final String FILLER = Base64.getEncoder().encodeToString(new byte[1536]);

  private final KubernetesClient client;

  BenchCluster(KubernetesClient client) {
    this.client = client;
  }

  /**
   * kube-apiserver's own request counters ({@code apiserver_request_total}) by verb and resource,
   * from every client: what a fan-out really asked of the API server.
   */
  Map<String, Double> apiRequests() {
    return new PrometheusText(client.raw("/metrics"))
        .sumsBy("apiserver_request_total", List.of("verb", "resource"));
  }

  /** Applies every CRD in {@code directory} and waits until the API server serves it. */
  void applyCrds(Path directory) {
    CustomResourceDefinitions.apply(client, directory);
  }

  /** The agent's namespace, the central credential, the CredentialSource and the sync. */
  void syncObjects(String password, String refreshInterval) {
    createNamespace(AGENT_NAMESPACE, Map.of());
    rotate(password);
    client
        .genericKubernetesResources(API_VERSION, "CredentialSource")
        .resource(
            custom(
                "CredentialSource",
                SOURCE,
                Map.of(
                    "type",
                    "kubernetes-secret",
                    "config",
                    Map.of("namespace", AGENT_NAMESPACE),
                    "targetNamespaces",
                    Map.of("selector", Map.of("matchLabels", Map.of(SELECTOR_LABEL, "true"))))))
        .serverSideApply();
    client
        .genericKubernetesResources(API_VERSION, "PullSecretSync")
        .resource(
            custom(
                "PullSecretSync",
                SYNC,
                Map.of(
                    "secretName",
                    SECRET_NAME,
                    "registries",
                    List.of(
                        Map.of(
                            "server",
                            SERVER,
                            "sourceRef",
                            SOURCE,
                            "ref",
                            Map.of("name", CENTRAL_SECRET))),
                    "namespaces",
                    Map.of("selector", Map.of("matchLabels", Map.of(SELECTOR_LABEL, "true"))),
                    "serviceAccounts",
                    List.of("default"),
                    "refreshInterval",
                    refreshInterval)))
        .serverSideApply();
  }

  /** Changes the central credential: the store-side event every rotation starts from. */
  void rotate(String password) {
    client
        .secrets()
        .inNamespace(AGENT_NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(CENTRAL_SECRET)
                .withAnnotations(Map.of("pullwarden.io/credential-sources", SOURCE))
                .endMetadata()
                .withStringData(Map.of("username", USERNAME, "password", password))
                .build())
        .serverSideApply();
  }

  /** Creates namespaces the sync selects, {@value #CREATES_IN_FLIGHT} at a time. */
  void selectedNamespaces(Collection<String> names) {
    BoundedWrites.run(
        names, CREATES_IN_FLIGHT, name -> createNamespace(name, Map.of(SELECTOR_LABEL, "true")));
  }

  void createNamespace(String name, Map<String, String> labels) {
    ignoreExisting(
        () ->
            client
                .namespaces()
                .resource(
                    new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .build())
                .create());
  }

  /**
   * A {@code default} ServiceAccount per namespace, as kube-controller-manager would create it (the
   * test API server runs without one): the agent watches ServiceAccounts and attaches its Secret to
   * these, so a benchmark without them would understate its memory and its work per pass.
   */
  void defaultServiceAccounts(Collection<String> namespaces) {
    BoundedWrites.run(
        namespaces,
        CREATES_IN_FLIGHT,
        ns ->
            ignoreExisting(
                () ->
                    client
                        .serviceAccounts()
                        .inNamespace(ns)
                        .resource(
                            new ServiceAccountBuilder()
                                .withNewMetadata()
                                .withName("default")
                                .withNamespace(ns)
                                .endMetadata()
                                .build())
                        .create()));
  }

  /**
   * {@value #UNRELATED_PER_NAMESPACE} Secrets per namespace that Pullwarden does not manage: {@link
   * RawWriteLimit#SECRET_NAME}, shaped like a managed Secret, and ~2 KiB fillers.
   */
  void unrelatedSecrets(Collection<String> namespaces) {
    List<Secret> secrets =
        namespaces.stream()
            .flatMap(
                ns ->
                    IntStream.range(0, UNRELATED_PER_NAMESPACE)
                        .mapToObj(
                            i ->
                                i == 0
                                    ? RawWriteLimit.secret(ns, "initial", null)
                                    : filler(ns, "unrelated-" + i)))
            .toList();
    BoundedWrites.run(
        secrets,
        CREATES_IN_FLIGHT,
        secret -> ignoreExisting(() -> client.resource(secret).create()));
  }

  /** The resourceVersion of every managed Secret of the sync, by namespace, read from the API. */
  Map<String, String> managedResourceVersions() {
    return client
        .secrets()
        .inAnyNamespace()
        .withLabel("pullwarden.io/sync", SYNC)
        .list()
        .getItems()
        .stream()
        .collect(
            Collectors.toMap(
                s -> s.getMetadata().getNamespace(), s -> s.getMetadata().getResourceVersion()));
  }

  /** The PullSecretSync's resourceVersion: it moves with every status write. */
  String syncResourceVersion() {
    return client
        .genericKubernetesResources(API_VERSION, "PullSecretSync")
        .withName(SYNC)
        .get()
        .getMetadata()
        .getResourceVersion();
  }

  private static Secret filler(String namespace, String name) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(Map.of("app.kubernetes.io/name", "unrelated"))
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of("payload", FILLER))
        .build();
  }

  private static GenericKubernetesResource custom(String kind, String name, Object spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(kind)
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  private static void ignoreExisting(Runnable create) {
    try {
      create.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }
}
