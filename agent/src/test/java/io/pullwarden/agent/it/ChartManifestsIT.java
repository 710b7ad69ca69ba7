package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.plugins.TestPluginJar;
import io.pullwarden.agent.source.ProjectedTokens;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests the chart in {@code chart/pullwarden} renders, on a real API server: with the
 * defaults, the CRDs as generated, a hardened agent (non-root, read-only root, no capabilities,
 * probes, Vault's projected token) and a {@code helm test} pod that checks every replica, all of
 * which a server-side dry-run (the API server's own schema validation, in place of kubeconform) and
 * {@code helm install --dry-run=server} accept; and with an extra plugin volume, an init container
 * whose script really makes the distribution load the built-in and the extra plugins together.
 * {@link ChartOptionsIT} does the same with every option on, {@link ChartRbacIT} runs the agent on
 * the chart's RBAC, {@link ChartLintIT} checks the chart's files with their own tools. Runs in a
 * JVM of its own (Failsafe does not reuse forks), so it has its own API server.
 */
@ExtendWith(OwnApiServer.class)
class ChartManifestsIT {

  @Test
  void theDefaultsRenderAHardenedAgentThatTheApiServerAccepts(KubernetesServer server)
      throws Exception {
    try (KubernetesClient admin = server.newClient()) {
      new TestCluster(admin).namespace(ChartServiceAccount.NAMESPACE, Map.of());
      String manifests =
          HelmChart.render(ChartServiceAccount.RELEASE, ChartServiceAccount.NAMESPACE);
      List<HasMetadata> objects = HelmChart.objects(admin, manifests);
      assertThat(objects.stream().filter(object -> !HelmChart.isHook(object)))
          .extracting(HasMetadata::getKind)
          .containsExactlyInAnyOrder(
              "CustomResourceDefinition",
              "CustomResourceDefinition",
              "ServiceAccount",
              // The agent's, and -view for people (-edit is opt-in).
              "ClusterRole",
              "ClusterRole",
              "ClusterRoleBinding",
              "Role",
              "RoleBinding",
              "Role",
              "RoleBinding",
              "ValidatingAdmissionPolicy",
              "ValidatingAdmissionPolicyBinding",
              "ValidatingAdmissionPolicy",
              "ValidatingAdmissionPolicyBinding",
              "Service",
              "Deployment",
              "PodDisruptionBudget");
      // helm test: an account that may list pods, and the pod that asks each replica.
      assertThat(objects.stream().filter(HelmChart::isHook))
          .extracting(HasMetadata::getKind)
          .containsExactlyInAnyOrder("ServiceAccount", "Role", "RoleBinding", "Pod");
      // Every object, the CRDs and the test's included, on the real API server.
      HelmChart.assertServerDryRunAccepts(server, manifests, objects.size());
      ChartCrds.assertRenderedAsGenerated(objects, true);
      assertThat(
              HelmChart.objects(
                      admin,
                      HelmChart.render(
                          ChartServiceAccount.RELEASE,
                          ChartServiceAccount.NAMESPACE,
                          "--set",
                          "crds.install=false"))
                  .stream()
                  .map(HasMetadata::getKind))
          .as("kinds with crds.install=false")
          .doesNotContain("CustomResourceDefinition");

      Deployment deployment = HelmChart.only(objects, Deployment.class);
      assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
      assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
          .as("a rolling update starts the new pod first")
          .isEqualTo(new IntOrString(0));
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      assertThat(pod.getInitContainers()).isEmpty();
      Container agent = pod.getContainers().get(0);
      assertThat(agent.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(agent.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(agent.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(agent.getResources().getRequests()).containsKeys("cpu", "memory");
      assertThat(agent.getResources().getLimits()).containsKey("memory");
      assertThat(agent.getArgs())
          .containsExactly(
              "run",
              "--namespace=$(POD_NAMESPACE)",
              "--metrics-port=8080",
              "--max-secret-bytes=262144",
              "--retry-delay=10s",
              "--max-retry-delay=5m",
              "--plugin-load-timeout=10s",
              "--lease-name=pullwarden",
              "--lease-duration=15s");
      assertThat(agent.getEnv()).anySatisfy(env -> assertThat(env.getName()).isEqualTo("POD_NAME"));
      assertThat(agent.getEnv())
          .anySatisfy(
              env -> {
                assertThat(env.getName()).isEqualTo("POD_NAMESPACE");
                assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace");
              });
      assertThat(agent.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
      assertThat(agent.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
      assertThat(agent.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
      assertThat(agent.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
      assertThat(agent.getPorts().get(0).getContainerPort()).isEqualTo(8080);
      assertThat(agent.getVolumeMounts())
          .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
      // Vault's login token: projected with Vault's audience where the agent may read tokens,
      // which is where the vault plugin looks by default; never the agent's own API token.
      assertThat(agent.getVolumeMounts())
          .anySatisfy(
              mount -> {
                assertThat(mount.getName()).isEqualTo("store-tokens");
                assertThat(mount.getMountPath()).isEqualTo(ProjectedTokens.DEFAULT_DIRECTORY);
              });
      assertThat(pod.getVolumes())
          .filteredOn(volume -> volume.getName().equals("store-tokens"))
          .singleElement()
          .satisfies(
              volume ->
                  assertThat(volume.getProjected().getSources())
                      .singleElement()
                      .satisfies(
                          source -> {
                            assertThat(source.getServiceAccountToken().getAudience())
                                .isEqualTo("vault");
                            assertThat(source.getServiceAccountToken().getPath())
                                .isEqualTo("vault/token");
                          }));
      assertThat(
              HelmChart.only(objects, PodDisruptionBudget.class)
                  .getSpec()
                  .getMinAvailable()
                  .getIntVal())
          .isEqualTo(1);
      ChartTestPod.assertChecksEveryReplica(objects, deployment);

      HelmChart.Run install =
          HelmChart.installDryRun(
              server, ChartServiceAccount.RELEASE, ChartServiceAccount.NAMESPACE);
      assertThat(install).matches(HelmChart.Run::succeeded, "helm install --dry-run=server");
      assertThat(install.stdout())
          .contains("NOTES:")
          .contains("kubectl -n " + ChartServiceAccount.NAMESPACE + " get deploy,pods")
          .contains("helm test " + ChartServiceAccount.RELEASE)
          .contains("ValidatingAdmissionPolicies pullwarden-agent and pullwarden-secret-ownership");
    }
  }

  @Test
  void extraPluginVolumesLoadNextToTheBuiltInPlugins(KubernetesServer server, @TempDir Path dir)
      throws Exception {
    Deployment deployment;
    try (KubernetesClient admin = server.newClient()) {
      deployment =
          HelmChart.only(
              HelmChart.objects(
                  admin,
                  HelmChart.render(
                      "pw",
                      "pullwarden-plugins",
                      "--set",
                      "plugins.extra[0].name=acme",
                      "--set",
                      "plugins.extra[0].volume.configMap.name=pullwarden-plugin-acme")),
              Deployment.class);
    }
    PluginsInitContainer init = PluginsInitContainer.of(deployment);
    assertThat(init.volume("acme").getConfigMap().getName()).isEqualTo("pullwarden-plugin-acme");
    assertThat(init.builtinDirectory())
        .as("the image keeps the built-in plugins there (image/pom.xml; ImageIT runs them)")
        .isEqualTo("/opt/pullwarden/plugins");
    assertThat(Files.readString(Path.of("..", "image", "pom.xml")))
        .contains("<into>/opt/pullwarden/plugins</into>");

    Path home = Distribution.unpack(dir.resolve("dist")).home();
    Path acme = Files.createDirectories(dir.resolve("acme"));
    TestPluginJar.plugin("acme").serving("acme").writeTo(acme);
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    HelmChart.Run copy = copyPlugins(init, plugins, home, acme);
    assertThat(copy).matches(HelmChart.Run::succeeded, "the init container's script succeeds");

    HelmChart.Run loaded =
        HelmChart.run(
            List.of(
                home.resolve("bin/pullwarden").toString(),
                "plugins",
                "--plugins-dir",
                plugins.toString()),
            "");
    assertThat(loaded).matches(HelmChart.Run::succeeded, "the agent loads the directory");
    assertThat(loaded.stdout())
        .containsPattern("(?m)^kubernetes-secret +\\S+ +STARTED")
        .containsPattern("(?m)^acme +1\\.0\\.0 +STARTED +acme")
        .doesNotContain("Skipped jars");

    Path empty = Files.createDirectories(dir.resolve("empty"));
    HelmChart.Run refused = copyPlugins(init, plugins, home, empty);
    assertThat(refused.succeeded()).isFalse();
    assertThat(refused.stderr()).contains("no plugin jar (*.jar) in " + empty);
  }

  /**
   * Runs the init container's script into {@code plugins}, from the built-in plugins of the
   * distribution at {@code home} and from {@code acme} as the extra volume acme.
   */
  private static HelmChart.Run copyPlugins(
      PluginsInitContainer init, Path plugins, Path home, Path acme) {
    return init.runLocally(
        Map.of(
            init.targetDirectory(), plugins,
            init.builtinDirectory(), home.resolve("plugins"),
            init.extraDirectory("acme"), acme));
  }
}
