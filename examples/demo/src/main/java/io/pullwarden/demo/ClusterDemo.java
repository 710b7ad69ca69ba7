package io.pullwarden.demo;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.ChartRelease;
import io.pullwarden.testenv.NodePods;
import io.pullwarden.testenv.OpenBaoServer;
import io.pullwarden.testenv.RealNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code scripts/demo --cluster}: a real single-node cluster on this machine (kubelet, containerd,
 * runc), the agent image this build made pushed to its private registry and installed with {@code
 * helm install}, and a pod that pulls a private image with the Secret the agent wrote, before and
 * after the password rotates in the registry and in OpenBao; then everything stops.
 */
public final class ClusterDemo {

  private static final List<String> TEAMS = List.of("team-a", "team-b");
  private static final String OUTSIDER = "outsider";
  private static final String SECRET = "demo-registry";
  private static final String USER = "demo-robot";
  private static final Duration PULL = Duration.ofMinutes(2);

  private ClusterDemo() {}

  public static void main(String[] args) throws Exception {
    Path repository = Path.of(System.getProperty("pullwarden.repository", ".")).toAbsolutePath();
    Path image = Path.of(System.getProperty("pullwarden.image.tar"));
    String version = System.getProperty("pullwarden.version");
    Narrator say = new Narrator();

    say.step("Starting a real node: etcd, kube-apiserver, controllers, kubelet, containerd, runc");
    try (RealNode node = RealNode.start();
        KubernetesClient client = node.apiServer().newClient();
        OpenBaoServer openBao = OpenBaoServer.start()) {
      String registry = node.privateRegistry().host();
      say.done(
          "node localhost Ready; private registry " + registry + " holds " + node.privateImage());

      say.step("helm install: the image " + image.getFileName() + ", pushed to " + registry);
      ChartRelease.install(node, repository.resolve("chart/pullwarden"), image, version, List.of());
      say.done("two agent replicas ready in namespace " + ChartRelease.NAMESPACE);

      say.step("A registry login in OpenBao, a CredentialSource and a PullSecretSync");
      String first = "pw-" + UUID.randomUUID().toString().substring(0, 8);
      node.privateRegistry().addUser(USER, first);
      writeLogin(openBao, first);
      Cluster cluster = new Cluster(client);
      cluster.secret(
          ChartRelease.NAMESPACE,
          "vault-token",
          "demo-vault",
          Map.of("token", openBao.rootToken()));
      cluster.apply(
          Files.readString(repository.resolve("examples/demo/demo.yaml"))
              .replace("VAULT_ADDRESS", "http://" + node.exposeToPods(openBao.address().getPort()))
              .replace(LocalDemo.REGISTRY, registry));
      TEAMS.forEach(team -> cluster.namespace(team, Map.of("pullwarden.io/inject", "true")));
      cluster.namespace(OUTSIDER, Map.of());
      cluster.awaitSecrets(TEAMS, SECRET, registry, first, PULL);
      say.table(cluster.describe(TEAMS, SECRET, registry));
      say.done("written and attached to each team's default ServiceAccount");

      say.step("A pod with no imagePullSecrets in team-a, and the same pod in " + OUTSIDER);
      run(client, "team-a", "app", node.privateImage());
      run(client, OUTSIDER, "app", node.privateImage());
      say.line("team-a/app: " + NodePods.awaitPullOutcome(client, "team-a", "app", PULL));
      say.line(OUTSIDER + "/app: " + outcome(client, OUTSIDER, "app"));
      ContainerStatus before = NodePods.container(client, "team-a", "app").orElseThrow();

      say.step("Rotating the password: first in the registry, then in OpenBao");
      String second = "pw-" + UUID.randomUUID().toString().substring(0, 8);
      node.privateRegistry().changePassword(USER, second);
      long started = System.nanoTime();
      writeLogin(openBao, second);
      cluster.awaitSecrets(TEAMS, SECRET, registry, second, PULL);
      say.table(cluster.describe(TEAMS, SECRET, registry));
      say.done(
          "every team's Secret updated in place "
              + Duration.ofNanos(System.nanoTime() - started).toMillis()
              + " ms after the write (2 s refresh in this demo)");
      run(client, "team-b", "after", node.privateImage());
      say.line(
          "team-b/after (new pod): " + NodePods.awaitPullOutcome(client, "team-b", "after", PULL));
      ContainerStatus after = NodePods.container(client, "team-a", "app").orElseThrow();
      say.line(
          "team-a/app (running since before): same container "
              + after.getContainerID().equals(before.getContainerID())
              + ", restarts "
              + after.getRestartCount());

      say.step("Stopping the node, the registries and OpenBao");
    }
    say.done("everything the demo started has stopped");
  }

  private static void writeLogin(OpenBaoServer openBao, String password) {
    openBao
        .api()
        .write(
            "secret/data/demo/registry",
            Map.of("data", Map.of("username", USER, "password", password)));
  }

  private static void run(KubernetesClient client, String namespace, String name, String image) {
    client.resource(NodePods.pod(namespace, name, image, "Always", "default", List.of())).create();
  }

  private static String outcome(KubernetesClient client, String namespace, String name) {
    String outcome = NodePods.awaitPullOutcome(client, namespace, name, PULL);
    return NodePods.awaitEvent(client, namespace, name, "401 Unauthorized", Duration.ofSeconds(30))
        ? outcome + " (the registry answered 401 Unauthorized: no Secret for it here)"
        : outcome;
  }
}
