package io.pullwarden.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.pullwarden.testenv.CustomResourceDefinitions;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The objects of the benchmarks in the test cluster: the chart's CRDs, one kubernetes-secret
 * CredentialSource over a central Secret in the agent's namespace, PullSecretSyncs selecting
 * labelled namespaces and attaching their Secret to the {@code default} ServiceAccounts, as most
 * users would (the fan-out benchmark has one, selecting every labelled namespace), and the
 * unrelated Secrets that the agent must not cache. Bulk creation is bounded, like everything else
 * the benchmark does to the API server.
 */
final class BenchCluster {

  static final String AGENT_NAMESPACE = "pullwarden-system";
  static final String SELECTOR_LABEL = "pullwarden-bench";

  /** On the first N namespaces only: the ones the store phase's sync selects. */
  static final String STORE_LABEL = "pullwarden-bench-store";

  static final String SYNC = "bench";
  static final String SECRET_NAME = "bench-pull";
  static final String SERVER = "registry.bench.test";
  static final String USERNAME = "robot";
  static final int UNRELATED_PER_NAMESPACE = 5;

  /**
   * One namespace in this many also holds a hostile Secret: not Pullwarden's, but labelled as if it
   * were (managed-by and sync labels) and {@value #LOOKALIKE_KIB} KiB large, so the agent's
   * managed-Secret watch receives it. Its memory must not grow with them.
   */
  static final int LOOKALIKE_EVERY = 25;

  static final int LOOKALIKE_KIB = 256;

  static final String API_VERSION = "pullwarden.io/v1alpha1";
  private static final String SOURCE = "bench-source";
  private static final String CENTRAL_SECRET = "bench-cred";

  /** How many creates the benchmarks keep in flight while they fill the cluster. */
  static final int CREATES_IN_FLIGHT = 16;

  /** About the size of a TLS key or an application config: big enough that caching shows. */
  private static final String FILLER = Base64.getEncoder().encodeToString(new byte[1536]);

  private static final String LOOKALIKE_DATA =
      Base64.getEncoder().encodeToString(new byte[LOOKALIKE_KIB * 1024 * 3 / 4]);

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
    source(password);
    sync(SYNC, SECRET_NAME, Map.of(SELECTOR_LABEL, "true"), refreshInterval);
  }

  /**
   * The agent's namespace, the central credential and the kubernetes-secret CredentialSource that
   * reads it, allowed into every namespace labelled {@value #SELECTOR_LABEL}. CRDs older than
   * {@code targetNamespaces} (an agent built before sources were scoped) get the source without it:
   * the API server refuses a field its schema does not declare, and such an agent needs none.
   */
  void source(String password) {
    createNamespace(AGENT_NAMESPACE, Map.of());
    rotate(password);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", "kubernetes-secret");
    spec.put("config", Map.of("namespace", AGENT_NAMESPACE));
    if (sourcesAreScoped()) {
      spec.put(
          "targetNamespaces",
          Map.of("selector", Map.of("matchLabels", Map.of(SELECTOR_LABEL, "true"))));
    }
    client
        .genericKubernetesResources(API_VERSION, "CredentialSource")
        .resource(custom("CredentialSource", SOURCE, spec))
        .serverSideApply();
  }

  /** Whether the CredentialSource CRD the API server serves declares {@code targetNamespaces}. */
  boolean sourcesAreScoped() {
    return client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("credentialsources.pullwarden.io")
        .get()
        .getSpec()
        .getVersions()
        .stream()
        .map(version -> version.getSchema().getOpenAPIV3Schema().getProperties().get("spec"))
        .anyMatch(spec -> spec.getProperties().containsKey("targetNamespaces"));
  }

  /**
   * A PullSecretSync of the central credential that writes {@code secretName} into the namespaces
   * with {@code labels} and attaches it to their {@code default} ServiceAccounts, as most users
   * would.
   */
  void sync(String name, String secretName, Map<String, String> labels, String refreshInterval) {
    client
        .genericKubernetesResources(API_VERSION, "PullSecretSync")
        .resource(
            custom(
                "PullSecretSync",
                name,
                Map.of(
                    "secretName",
                    secretName,
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
                    Map.of("selector", Map.of("matchLabels", labels)),
                    "serviceAccounts",
                    List.of("default"),
                    "refreshInterval",
                    refreshInterval)))
        .serverSideApply();
  }

  /** Removes {@code sync}'s refreshInterval, so the CRD's default (the agent's) applies. */
  void defaultRefresh(String sync) {
    client
        .genericKubernetesResources(API_VERSION, "PullSecretSync")
        .withName(sync)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"refreshInterval\":null}}");
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
    namespaces(names, name -> Map.of(SELECTOR_LABEL, "true"));
  }

  /** Creates namespaces with the labels {@code labels} gives each, a few at a time. */
  void namespaces(Collection<String> names, Function<String, Map<String, String>> labels) {
    BoundedWrites.run(names, CREATES_IN_FLIGHT, name -> createNamespace(name, labels.apply(name)));
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
   * RawWriteLimit#SECRET_NAME}, shaped like a managed Secret, and ~2 KiB fillers; and in one
   * namespace of {@value #LOOKALIKE_EVERY}, a large lookalike of a managed Secret.
   */
  void unrelatedSecrets(Collection<String> namespaces) {
    List<Secret> secrets =
        Stream.concat(
                namespaces.stream()
                    .flatMap(
                        ns ->
                            IntStream.range(0, UNRELATED_PER_NAMESPACE)
                                .mapToObj(
                                    i ->
                                        i == 0
                                            ? RawWriteLimit.secret(ns, "initial", null)
                                            : filler(ns, "unrelated-" + i))),
                namespaces.stream()
                    .filter(BenchCluster::holdsLookalike)
                    .map(BenchCluster::lookalike))
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

  /**
   * Whether {@code namespace} holds a lookalike: one of {@value #LOOKALIKE_EVERY} of the selected
   * namespaces, {@code bench-NNNNN} (not the new namespaces of the latency step).
   */
  static boolean holdsLookalike(String namespace) {
    return namespace.matches("bench-\\d{5}")
        && Integer.parseInt(namespace.substring("bench-".length())) % LOOKALIKE_EVERY == 0;
  }

  /** How many of the first {@code n} benchmark namespaces hold a lookalike. */
  static int lookalikes(int n) {
    return (n + LOOKALIKE_EVERY - 1) / LOOKALIKE_EVERY;
  }

  private static Secret lookalike(String namespace) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("lookalike")
        .withNamespace(namespace)
        .withLabels(
            Map.of(
                "app.kubernetes.io/managed-by", "pullwarden", "pullwarden.io/sync", "not-a-sync"))
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of("payload", LOOKALIKE_DATA))
        .build();
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

  static GenericKubernetesResource custom(String kind, String name, Object spec) {
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
