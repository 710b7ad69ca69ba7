package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pullwarden.agent.Agent;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.plugins.TestPluginJar;
import io.pullwarden.agent.source.ProjectedTokens;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart in {@code chart/pullwarden}: it lints, its manifests (defaults and every option)
 * pass a server-side dry-run on a real API server, its RBAC is enough for the agent to do a whole
 * sync (under the chart's admission policies, which {@link AdmissionPolicyIT} tests one write at a
 * time) and refuses what the agent never does, the init container that adds extra plugins really
 * makes the distribution load built-ins and extras together, and the monitoring files are valid.
 * Runs in a JVM of its own (Failsafe does not reuse forks), so it has its own API server.
 */
@ExtendWith(OwnApiServer.class)
class ChartIT {

  private static final String SERVER = "registry.chart.test";
  private static final Pattern PULLWARDEN_METRIC = Pattern.compile("pullwarden_[a-z_]+");

  /** The metrics of docs/design.md as Prometheus names (histograms as their buckets). */
  private static final Set<String> DESIGN_METRICS =
      Set.of(
          "pullwarden_source_requests_total",
          "pullwarden_source_request_duration_seconds_bucket",
          "pullwarden_rotations_total",
          "pullwarden_secret_writes_total",
          "pullwarden_sync_namespaces",
          "pullwarden_sync_last_success_timestamp_seconds",
          "pullwarden_credential_expiry_timestamp_seconds",
          "pullwarden_lease_renewals_total",
          "pullwarden_propagation_seconds_bucket");

  @Test
  void lintsWithTheDefaultsAndWithEveryOptionAndItsSchemaRejectsUnknownKeys(@TempDir Path dir)
      throws Exception {
    assertThat(HelmChart.lint()).matches(HelmChart.Run::succeeded, "lint passes");
    assertThat(HelmChart.lint(HelmChart.ALL_OPTIONS))
        .matches(HelmChart.Run::succeeded, "lint passes with every option on");

    Path typo = Files.writeString(dir.resolve("typo.yaml"), "agent:\n  logLvl: DEBUG\n");
    HelmChart.Run rejected = HelmChart.lint(typo);
    assertThat(rejected.succeeded()).isFalse();
    assertThat(rejected.stdout() + rejected.stderr()).contains("logLvl");
  }

  @Test
  void theDefaultsRenderAHardenedAgentThatTheApiServerAccepts(KubernetesServer server) {
    try (KubernetesClient admin = server.newClient()) {
      new TestCluster(admin).namespace(ChartServiceAccount.NAMESPACE, Map.of());
      String manifests =
          HelmChart.render(ChartServiceAccount.RELEASE, ChartServiceAccount.NAMESPACE);
      List<HasMetadata> objects = HelmChart.objects(admin, manifests);
      assertThat(objects)
          .extracting(HasMetadata::getKind)
          .containsExactlyInAnyOrder(
              "ServiceAccount",
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
      assertServerDryRunAccepts(server, manifests, objects.size());
      assertServerDryRunAccepts(
          server,
          HelmChart.render(
              ChartServiceAccount.RELEASE, ChartServiceAccount.NAMESPACE, "--include-crds"),
          objects.size() + 2);

      Deployment deployment = only(objects, Deployment.class);
      assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
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
      assertThat(only(objects, PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal())
          .isEqualTo(1);

      HelmChart.Run install =
          HelmChart.installDryRun(
              server, ChartServiceAccount.RELEASE, ChartServiceAccount.NAMESPACE);
      assertThat(install).matches(HelmChart.Run::succeeded, "helm install --dry-run=server");
      assertThat(install.stdout())
          .contains("NOTES:")
          .contains("kubectl -n " + ChartServiceAccount.NAMESPACE + " get deploy,pods")
          .contains("ValidatingAdmissionPolicies pullwarden-agent and pullwarden-secret-ownership");
    }
  }

  @Test
  void everyOptionOnRendersWhatTheApiServerAccepts(KubernetesServer server) {
    try (KubernetesClient admin = server.newClient()) {
      TestCluster cluster = new TestCluster(admin);
      cluster.namespace("pullwarden-all", Map.of());
      cluster.namespace("monitoring", Map.of());
      // A bare API server has no prometheus-operator: minimal CRDs make it accept (and check the
      // shape of) the ServiceMonitor and the PrometheusRule.
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

      String manifests =
          HelmChart.render(
              "pw",
              "pullwarden-all",
              "--values",
              HelmChart.ALL_OPTIONS.toString(),
              "--include-crds");
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
              "CustomResourceDefinition");
      assertServerDryRunAccepts(server, manifests, objects.size());
    }
  }

  @Test
  void theChartsRbacIsEnoughForTheAgentToSyncAttachReportAndCleanUp(KubernetesServer server) {
    try (KubernetesClient admin = server.newClient()) {
      RunningAgent.prepare(admin);
      ChartServiceAccount account = ChartServiceAccount.install(server, admin);
      TestCluster cluster = new TestCluster(admin);
      cluster.namespace("rbac-a", Map.of("rbac", "true"));
      admin
          .serviceAccounts()
          .inNamespace("rbac-a")
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("default")
                  .endMetadata()
                  .withImagePullSecrets(new LocalObjectReference("team-registry"))
                  .build())
          .create();
      cluster.centralLogin("rbac-source", "rbac-cred", "robot", "first-password");
      cluster.source("rbac-source");

      try (KubernetesClient client = account.newClient();
          Agent agent = ChartServiceAccount.startAgent(client)) {
        assertThat(ChartServiceAccount.whoIs(client)).isEqualTo(account.username());
        cluster.sync(
            "rbac",
            "rbac-source",
            "rbac-cred",
            SERVER,
            "rbac",
            spec -> spec.setServiceAccounts(List.of("default")));

        await()
            .atMost(TestCluster.PATIENCE)
            .until(
                () ->
                    cluster
                        .writtenPassword("rbac-a", "rbac-pull", SERVER)
                        .equals(Optional.of("first-password")));
        await()
            .atMost(TestCluster.PATIENCE)
            .until(() -> pullSecrets(admin).equals(List.of("team-registry", "rbac-pull")));
        cluster.awaitCondition("rbac", "Ready", "True");
        assertThat(cluster.getSync("rbac").getStatus().getNamespaces().getSynced()).isEqualTo(1);
        await()
            .atMost(TestCluster.PATIENCE)
            .until(() -> cluster.getSource("rbac-source").getStatus() != null);
        assertThat(cluster.getSource("rbac-source").getStatus().getConditions())
            .anySatisfy(c -> assertThat(c.getStatus()).isEqualTo("True"));

        // Rotation: an update in place, and an Event in the default namespace.
        cluster.centralLogin("rbac-source", "rbac-cred", "robot", "second-password");
        await()
            .atMost(TestCluster.PATIENCE)
            .until(
                () ->
                    cluster
                        .writtenPassword("rbac-a", "rbac-pull", SERVER)
                        .equals(Optional.of("second-password")));
        await()
            .atMost(TestCluster.PATIENCE)
            .until(() -> eventReasons(admin, "rbac").contains("CredentialRotated"));
        assertThat(eventReasons(admin, "rbac-source")).contains("Ready");

        // Deletion: the finalizer's cleanup deletes the Secret and detaches it, then lets go.
        admin.resources(PullSecretSync.class).withName("rbac").delete();
        await().atMost(TestCluster.PATIENCE).until(() -> cluster.getSync("rbac") == null);
        assertThat(cluster.secret("rbac-a", "rbac-pull")).isNull();
        assertThat(pullSecrets(admin)).containsExactly("team-registry");

        // The readiness probe reads Pullwarden's own two CRDs.
        assertThat(
                client
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("pullsecretsyncs.pullwarden.io")
                    .get())
            .isNotNull();

        // Leader election on this account is LeaderFailoverIT's: two agents on it for several lease
        // durations. A Lease created and updated by hand here once passed while the leader's
        // renewals (patches) were refused.
      }
    }
  }

  @Test
  void theChartsRbacRefusesWhatTheAgentNeverDoes(KubernetesServer server) {
    try (KubernetesClient admin = server.newClient()) {
      RunningAgent.prepare(admin);
      ChartServiceAccount account = ChartServiceAccount.install(server, admin);
      new TestCluster(admin).namespace("rbac-other", Map.of());
      try (KubernetesClient client = account.newClient()) {
        assertThat(ChartServiceAccount.whoIs(client)).isEqualTo(account.username());
        ForbiddenActions.of(
                client, ChartServiceAccount.NAMESPACE, "rbac-other", ChartServiceAccount.RELEASE)
            .forEach(ChartIT::assertRefused);
      }
    }
  }

  @Test
  void extraPluginVolumesLoadNextToTheBuiltInPlugins(KubernetesServer server, @TempDir Path dir)
      throws Exception {
    Deployment deployment;
    try (KubernetesClient admin = server.newClient()) {
      deployment =
          only(
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
    HelmChart.Run copy =
        init.runLocally(
            Map.of(
                init.targetDirectory(), plugins,
                init.builtinDirectory(), home.resolve("plugins"),
                init.extraDirectory("acme"), acme));
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
    HelmChart.Run refused =
        init.runLocally(
            Map.of(
                init.targetDirectory(), plugins,
                init.builtinDirectory(), home.resolve("plugins"),
                init.extraDirectory("acme"), empty));
    assertThat(refused.succeeded()).isFalse();
    assertThat(refused.stderr()).contains("no plugin jar (*.jar) in " + empty);
  }

  @Test
  void theAlertRulesAndTheDashboardAreValid() throws Exception {
    HelmChart.Run check =
        HelmChart.run(
            List.of(
                PrometheusServer.promtool().toString(),
                "check",
                "rules",
                HelmChart.CHART.resolve("files/alerts.yaml").toString()),
            "");
    assertThat(check).matches(HelmChart.Run::succeeded, "promtool accepts the rules file");

    JsonNode dashboard =
        new ObjectMapper().readTree(HelmChart.CHART.resolve("files/dashboard.json").toFile());
    List<String> expressions = dashboard.findValues("expr").stream().map(JsonNode::asText).toList();
    assertThat(expressions).isNotEmpty();
    Set<String> used = new TreeSet<>();
    expressions.forEach(
        expr -> PULLWARDEN_METRIC.matcher(expr).results().forEach(m -> used.add(m.group())));
    // Every metric of docs/design.md has a panel, and no panel uses a name the design lacks.
    assertThat(used).containsExactlyInAnyOrderElementsOf(DESIGN_METRICS);
  }

  private static void assertRefused(String action, ThrowingCallable call) {
    assertThatThrownBy(call)
        .as(action)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> assertThat(e.getCode()).as(action + ": HTTP status").isEqualTo(403));
  }

  private static void assertServerDryRunAccepts(
      KubernetesServer server, String manifests, int objects) {
    HelmChart.Run run =
        HelmChart.kubectl(
            server,
            manifests,
            "apply",
            "--server-side",
            "--dry-run=server",
            "--field-manager=chart-it",
            "-f",
            "-");
    assertThat(run).matches(HelmChart.Run::succeeded, "the API server accepts every object");
    assertThat(run.stdout().lines().filter(line -> line.endsWith("(server dry run)")))
        .hasSize(objects);
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }

  private static List<String> pullSecrets(KubernetesClient admin) {
    var account = admin.serviceAccounts().inNamespace("rbac-a").withName("default").get();
    return account.getImagePullSecrets().stream().map(LocalObjectReference::getName).toList();
  }

  private static List<String> eventReasons(KubernetesClient admin, String about) {
    return admin.v1().events().inNamespace("default").list().getItems().stream()
        .filter(event -> about.equals(event.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }
}
