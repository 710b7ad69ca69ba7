package io.pullwarden.image;

import static io.pullwarden.image.ClusterView.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.testenv.ChartRelease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The README's Upgrade and Uninstall sections, step by step, on an installed chart: each step's
 * command as written there, and what the section says the cluster looks like afterwards.
 */
final class ChartLifecycle {

  private static final String SYNC_CRD = "pullsecretsyncs.pullwarden.io";

  private final ChartRelease chart;
  private final Path chartDirectory;
  private final ClusterView cluster;
  private final KubernetesClient admin;

  ChartLifecycle(
      ChartRelease chart, Path chartDirectory, ClusterView cluster, KubernetesClient admin) {
    this.chart = chart;
    this.chartDirectory = chartDirectory;
    this.cluster = cluster;
    this.admin = admin;
  }

  /**
   * {@code helm upgrade} to a chart whose PullSecretSync CRD gained a short name updates the CRD
   * (the CRDs are templates of the chart, ADR 0018), keeps Helm's keep policy on it, and leaves the
   * agent ready.
   */
  void upgradeUpdatesTheCrds() throws Exception {
    assertThat(crd().getMetadata().getAnnotations())
        .as("annotations of the installed CRD")
        .containsEntry("helm.sh/resource-policy", "keep");
    assertThat(shortNames()).as("before the upgrade").doesNotContain("pwsyncnext");
    Path copy = Files.createTempDirectory("pullwarden-chart");
    try {
      Path next = copy.resolve("pullwarden");
      copyTree(chartDirectory, next);
      Path file = next.resolve("files/crds/" + SYNC_CRD + "-v1.yml");
      String crd = Files.readString(file);
      assertThat(crd).contains("- \"pwsync\"");
      Files.writeString(file, crd.replace("- \"pwsync\"", "- \"pwsync\"\n    - \"pwsyncnext\""));

      chart.upgrade(next);
      assertThat(shortNames()).as("after helm upgrade").contains("pwsync", "pwsyncnext");
      assertThat(crd().getMetadata().getAnnotations())
          .containsEntry("helm.sh/resource-policy", "keep");
      assertThat(cluster.agentPods())
          .hasSize(2)
          .allSatisfy(pod -> assertThat(ClusterView.ready(pod)).isTrue());
    } finally {
      try (Stream<Path> paths = Files.walk(copy)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  /**
   * The README's Uninstall section: {@code kubectl delete pullsecretsyncs --all --wait} while the
   * agent runs removes what the syncs wrote; {@code helm uninstall} removes the agent and keeps the
   * CRDs; a sync created after the first step hangs on its finalizer once the agent is gone, until
   * the documented {@code kubectl patch}; {@code kubectl delete credentialsources --all} needs no
   * agent. Nothing is left.
   */
  void uninstallAsDocumentedLeavesNothingHanging(
      String secret, List<String> namespaces, String source) {
    chart.kubectl("delete", "pullsecretsyncs", "--all", "--wait");
    assertThat(syncs()).as("PullSecretSyncs after step 1").isEmpty();
    for (String namespace : namespaces) {
      assertThat(admin.secrets().inNamespace(namespace).withName(secret).get())
          .as(namespace)
          .isNull();
      assertThat(cluster.pullSecretsOf(namespace)).as(namespace).doesNotContain(secret);
    }
    // A sync the first step missed: the agent gives it a finalizer, then goes away.
    cluster.apply(
        """
        apiVersion: pullwarden.io/v1alpha1
        kind: PullSecretSync
        metadata: {name: missed}
        spec:
          secretName: missed-pull
          registries: [{server: registry.example.com, sourceRef: %s, ref: {kv: {path: missed}}}]
          namespaces: {names: [%s]}
        """
            .formatted(source, namespaces.get(0)));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        admin
                            .resources(PullSecretSync.class)
                            .withName("missed")
                            .get()
                            .getMetadata()
                            .getFinalizers())
                    .as("finalizers of the missed sync")
                    .isNotEmpty());

    chart.uninstall();
    cluster.awaitNoAgentPods();
    assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(SYNC_CRD).get())
        .as("the CRDs stay: helm.sh/resource-policy keep (crds.keep)")
        .isNotNull();
    assertThat(syncs()).as("PullSecretSyncs after helm uninstall").containsExactly("missed");

    admin.resources(PullSecretSync.class).withName("missed").delete();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(syncs()).as("a sync nobody finalizes").contains("missed"));
    chart.kubectl(
        "patch",
        "pullsecretsync",
        "missed",
        "--type=merge",
        "-p",
        "{\"metadata\":{\"finalizers\":null}}");
    chart.kubectl("delete", "credentialsources", "--all", "--wait");
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(syncs()).as("PullSecretSyncs at the end").isEmpty());
    assertThat(admin.resources(CredentialSource.class).list().getItems())
        .as("CredentialSources at the end")
        .isEmpty();
  }

  private List<String> syncs() {
    return admin.resources(PullSecretSync.class).list().getItems().stream()
        .map(sync -> sync.getMetadata().getName())
        .toList();
  }

  private CustomResourceDefinition crd() {
    return admin.apiextensions().v1().customResourceDefinitions().withName(SYNC_CRD).get();
  }

  private List<String> shortNames() {
    return crd().getSpec().getNames().getShortNames();
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }
}
