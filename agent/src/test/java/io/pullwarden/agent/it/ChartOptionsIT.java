package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart with every option on ({@code ci/all-options-values.yaml}) on a real API server: the
 * monitoring objects refused with a message while the cluster lacks the Prometheus Operator's CRDs
 * and rendered once it serves them; every rendered object accepted by a server-side dry-run (the
 * API server's schema validation, in place of kubeconform); and each option where it belongs. Runs
 * in a JVM of its own (Failsafe does not reuse forks), so it has its own API server.
 */
@ExtendWith(OwnApiServer.class)
class ChartOptionsIT {

  private static final String RELEASE = "pw";
  private static final String NAMESPACE = "pullwarden-all";

  @Test
  void everyOptionOnRendersWhatTheApiServerAccepts(KubernetesServer server) throws Exception {
    try (KubernetesClient admin = server.newClient()) {
      TestCluster cluster = new TestCluster(admin);
      cluster.namespace(NAMESPACE, Map.of());
      cluster.namespace("monitoring", Map.of());
      String allOptions = HelmChart.ALL_OPTIONS.toString();

      // No prometheus-operator yet: Helm, talking to the cluster, refuses and says what to do.
      HelmChart.Run refused =
          HelmChart.installDryRun(server, RELEASE, NAMESPACE, "--values", allOptions);
      assertThat(refused.succeeded()).as("install without the monitoring CRDs").isFalse();
      assertThat(refused.stderr())
          .contains("needs the Prometheus Operator's")
          .contains("monitoring.coreos.com/v1")
          .containsPattern("set metrics\\.(serviceMonitor|prometheusRule)\\.enabled=false");
      // helm template knows no cluster: without --api-versions it leaves them out, no error.
      List<HasMetadata> offline =
          HelmChart.objects(admin, HelmChart.render(RELEASE, NAMESPACE, "--values", allOptions));
      assertThat(offline)
          .extracting(HasMetadata::getKind)
          .contains("Deployment")
          .doesNotContain("ServiceMonitor", "PrometheusRule");

      // Minimal stand-ins for prometheus-operator's CRDs make the API server serve (and check
      // the shape of) the ServiceMonitor and the PrometheusRule.
      Path monitoringCrds = Path.of("src/test/resources/chart/monitoring-crds.yaml");
      assertThat(HelmChart.kubectl(server, "", "apply", "--server-side", "-f", "" + monitoringCrds))
          .matches(HelmChart.Run::succeeded, "the monitoring CRDs apply");
      assertThat(
              HelmChart.kubectl(
                  server,
                  "",
                  "wait",
                  "--for=condition=Established",
                  "--timeout=60s",
                  "crd/servicemonitors.monitoring.coreos.com",
                  "crd/prometheusrules.monitoring.coreos.com"))
          .matches(HelmChart.Run::succeeded, "the monitoring CRDs are established");
      HelmChart.Run install =
          HelmChart.installDryRun(server, RELEASE, NAMESPACE, "--values", allOptions);
      assertThat(install).matches(HelmChart.Run::succeeded, "install once the cluster serves them");
      assertThat(install.stdout())
          .contains("kind: ServiceMonitor")
          .contains("kind: PrometheusRule");

      String manifests =
          HelmChart.render(
              RELEASE,
              NAMESPACE,
              "--values",
              allOptions,
              "--api-versions",
              "monitoring.coreos.com/v1");
      List<HasMetadata> objects = HelmChart.objects(admin, manifests);
      assertThat(objects)
          .extracting(HasMetadata::getKind)
          .contains(
              "ServiceMonitor",
              "PrometheusRule",
              "ConfigMap",
              "NetworkPolicy",
              "PodDisruptionBudget",
              "ValidatingAdmissionPolicy",
              "CustomResourceDefinition",
              "Pod");
      HelmChart.assertServerDryRunAccepts(server, manifests, objects.size());
      ChartCrds.assertRenderedAsGenerated(objects, false);
      assertEachOptionIsWhereItBelongs(objects);
    }
  }

  private static void assertEachOptionIsWhereItBelongs(List<HasMetadata> objects) {
    Deployment deployment = HelmChart.only(objects, Deployment.class);
    assertThat(deployment.getSpec().getRevisionHistoryLimit()).isEqualTo(3);
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge())
        .isEqualTo(new IntOrString("25%"));
    Container agent = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(agent.getArgs()).endsWith("--token-dir=/etc/pullwarden/tokens");
    assertThat(agent.getStartupProbe().getFailureThreshold()).isEqualTo(90);
    assertThat(agent.getLivenessProbe().getInitialDelaySeconds()).isEqualTo(5);
    assertThat(agent.getReadinessProbe().getSuccessThreshold()).isEqualTo(2);
    ChartTestPod.assertChecksEveryReplica(objects, deployment);

    // extraObjects, a map and a string, both through tpl.
    assertThat(objects)
        .filteredOn(ConfigMap.class::isInstance)
        .map(ConfigMap.class::cast)
        .filteredOn(map -> map.getMetadata().getName().startsWith("pullwarden-all-team"))
        .singleElement()
        .satisfies(map -> assertThat(map.getData()).containsEntry("replicas", "3"));
    assertThat(objects)
        .filteredOn(ConfigMap.class::isInstance)
        .map(ConfigMap.class::cast)
        .filteredOn(map -> map.getMetadata().getName().equals(RELEASE + "-written-as-text"))
        .singleElement()
        .satisfies(map -> assertThat(map.getData()).containsEntry("chart", "pullwarden"));

    // metricsFrom narrows who may scrape; the helm test pod may still ask for /readyz.
    NetworkPolicy policy = HelmChart.only(objects, NetworkPolicy.class);
    List<NetworkPolicyPeer> from = policy.getSpec().getIngress().get(0).getFrom();
    assertThat(from).hasSize(2);
    Map<String, String> testPod =
        objects.stream()
            .filter(HelmChart::isHook)
            .filter(object -> object.getKind().equals("Pod"))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getLabels();
    assertThat(from.get(1).getPodSelector().getMatchLabels())
        .allSatisfy((key, value) -> assertThat(testPod).containsEntry(key, value));
  }
}
