package io.pullwarden.testenv;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real single-node Kubernetes cluster on this machine, every listener on loopback: etcd,
 * kube-apiserver (RBAC, the ServiceAccount admission plugin on), kube-controller-manager,
 * kube-scheduler and the kubelet that {@code scripts/install-test-deps} built, Debian's containerd
 * and runc, a pod network of its own ({@link NodeNetwork}), and two registries: one without login
 * that holds the sandbox image, and a private one (htpasswd) that holds {@link #privateImage()}.
 *
 * <p>Needs root. The kubelet uses host paths it does not let anyone configure ({@code
 * /var/lib/kubelet/device-plugins}), so only one node can run per machine: {@link NodeLock} makes a
 * second start fail with a message that says so. {@link #close()} removes every pod, container,
 * mount, cgroup and host path it made. Details and caveats: {@code testenv/README.md}.
 */
public final class RealNode implements AutoCloseable {

  /** The node's name: {@code localhost}, so kube-apiserver reaches the kubelet for logs. */
  public static final String NAME = "localhost";

  /** The private image's repository and tag in {@link #privateRegistry()}. */
  static final String APP_IMAGE = "team/app:v1";

  private static final Path CONTAINERD = Path.of("/usr/bin/containerd");
  private static final Path CTR = Path.of("/usr/bin/ctr");
  private static final Path RUNC = Path.of("/usr/sbin/runc");
  private static final Path CNI_BRIDGE = Path.of("/usr/lib/cni/bridge");
  private static final Duration START = Duration.ofMinutes(2);

  private final NodeLock lock;
  private final Path dir;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final List<AutoCloseable> controllers = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Cleans up on an interrupted run too (Ctrl-C, a Failsafe timeout): containers, mounts, cgroups
   * and the network outlive the JVM otherwise.
   */
  private final Thread shutdownHook = new Thread(this::close, "real-node-shutdown");

  private KubernetesServer apiServer;
  private RegistryServer privateRegistry;
  private NodeImages images;
  private String privateImage;
  private NodeHost host;
  private NodeNetwork network;

  private RealNode(NodeLock lock, Path dir) {
    this.lock = lock;
    this.dir = dir;
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts everything and returns once the node is Ready; on failure stops what it started. */
  public static RealNode start() {
    for (String binary :
        List.of(
            "etcd",
            "kube-apiserver",
            "kubectl",
            "kubelet",
            "kube-controller-manager",
            "kube-scheduler")) {
      TestDependencies.kubernetesBinary(binary);
    }
    Path k8s = TestDependencies.kubernetesBinary("kubelet").getParent();
    TestDependencies.debianBinary("containerd", CONTAINERD);
    TestDependencies.debianBinary("containerd", CTR);
    TestDependencies.debianBinary("runc", RUNC);
    TestDependencies.debianBinary("containernetworking-plugins", CNI_BRIDGE);
    NodeLock lock = NodeLock.acquire();
    RealNode node = new RealNode(lock, TempDirectory.create("pullwarden-node"));
    try {
      node.startAll(k8s);
      return node;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** The node's API server, with an admin kubeconfig. */
  public KubernetesServer apiServer() {
    return apiServer;
  }

  /** The registry that needs a login: its user and password pull {@link #privateImage()}. */
  public RegistryServer privateRegistry() {
    return privateRegistry;
  }

  /**
   * {@code 127.0.0.1:<port>/team/app:v1}: a busybox image that sleeps, only for logged-in users.
   */
  public String privateImage() {
    return privateImage;
  }

  /**
   * Pushes the same application image under another {@code repository:tag} of the private registry
   * (an image the node has not pulled yet); returns its full reference.
   */
  public String pushPrivateImage(String repositoryAndTag) {
    return Skopeo.copy(
        images.app(),
        privateRegistry,
        repositoryAndTag,
        privateRegistry.username(),
        privateRegistry.password());
  }

  /**
   * Makes {@code 127.0.0.1:<port>} of this machine reachable from pods that do not use the host's
   * network, at the returned {@code 10.244.0.1:<port>} (a store's address for an agent pod).
   */
  public String exposeToPods(int port) {
    return network.exposeToPods(port);
  }

  private void startAll(Path k8s) {
    NodePki pki = NodePki.create(dir.resolve("pki"), NAME);
    int apiPort = FreePort.next();
    String adminKubeconfig = pki.kubeconfig(apiPort, "admin");
    Path adminKubeconfigFile = write("admin.kubeconfig", adminKubeconfig);
    int etcdPort = FreePort.next();
    started(
        ServerProcess.start("node-etcd", NodeCommands.etcd(k8s, dir, pki, etcdPort), Map.of())
            .awaitReady(START, () -> LoopbackHttp.accepts(etcdPort)));
    started(
        ServerProcess.start(
                "node-kube-apiserver",
                NodeCommands.apiServer(k8s, pki, etcdPort, apiPort),
                Map.of())
            .awaitReady(START, () -> LoopbackHttp.healthz(apiPort, "/readyz")));
    apiServer = KubernetesServer.runBy(adminKubeconfig);
    started(apiServer);
    network = NodeNetwork.create(apiPort);
    started(network);
    int controllerManagerPort = FreePort.next();
    controller(
        ServerProcess.start(
                "node-kube-controller-manager",
                NodeCommands.controllerManager(
                    k8s, pki, adminKubeconfigFile, controllerManagerPort),
                Map.of())
            .awaitReady(START, () -> LoopbackHttp.healthz(controllerManagerPort, "/healthz")));
    int schedulerPort = FreePort.next();
    controller(
        ServerProcess.start(
                "node-kube-scheduler",
                NodeCommands.scheduler(k8s, adminKubeconfigFile, schedulerPort),
                Map.of())
            .awaitReady(START, () -> LoopbackHttp.healthz(schedulerPort, "/healthz")));

    RegistryServer sandboxRegistry = RegistryServer.start("node-registry-sandbox");
    started(sandboxRegistry);
    privateRegistry = RegistryServer.start();
    started(privateRegistry);
    images = NodeImages.build(dir.resolve("images"));
    String pause =
        Skopeo.copy(
            images.pause(),
            sandboxRegistry,
            "pause:3.10",
            sandboxRegistry.username(),
            sandboxRegistry.password());
    privateImage = pushPrivateImage(APP_IMAGE);

    host = NodeHost.prepare(dir);
    started(host);
    Path containerdConfig =
        write(
            "containerd/config.toml",
            NodeCommands.containerdConfig(
                dir,
                pause,
                sandboxRegistry,
                List.of(sandboxRegistry.host(), privateRegistry.host())));
    Path socket = NodeCommands.containerdSocket(dir);
    started(
        ServerProcess.start(
                "node-containerd",
                List.of(CONTAINERD.toString(), "--config", containerdConfig.toString()),
                Map.of())
            .awaitReady(
                START,
                () ->
                    Command.run(
                            CTR, Duration.ofSeconds(10), "--address", socket.toString(), "version")
                        .succeeded()));
    started(() -> host.removeContainers(socket));

    int healthzPort = FreePort.next();
    Path kubeletConfig =
        write(
            "kubelet/config.yaml",
            NodeCommands.kubeletConfig(dir, pki, socket, FreePort.next(), healthzPort));
    Path nodeKubeconfig = write("kubelet/node.kubeconfig", pki.kubeconfig(apiPort, "node"));
    started(
        ServerProcess.start(
                "node-kubelet",
                List.of(
                    k8s.resolve("kubelet").toString(),
                    "--config",
                    kubeletConfig.toString(),
                    "--kubeconfig",
                    nodeKubeconfig.toString(),
                    "--root-dir",
                    dir.resolve("kubelet/root").toString(),
                    "--hostname-override",
                    NAME,
                    "--v",
                    "2"),
                Map.of())
            .awaitReady(START, () -> nodeReady()));
  }

  private boolean nodeReady() {
    try (KubernetesClient client = apiServer.newClient()) {
      var node = client.nodes().withName(NAME).get();
      return node != null
          && node.getStatus().getConditions().stream()
              .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }
  }

  /**
   * Removes every pod (so the kubelet stops their containers), then stops the kubelet, whatever
   * containers are left, containerd, the registries and the API server, in that order; removes
   * mounts, cgroups and host paths; releases the machine's node lock.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // closed by the hook itself
    }
    // First the controllers, or a Deployment's ReplicaSet would replace the pods being drained.
    controllers.forEach(RealNode::closeQuietly);
    if (host != null && apiServer != null) {
      host.deleteAllPods(apiServer);
    }
    for (int i = started.size() - 1; i >= 0; i--) {
      closeQuietly(started.get(i));
    }
    TempDirectory.deleteQuietly(dir);
    lock.close();
  }

  /** Keeps stopping the rest: one stuck piece must not leave the others running. */
  private static void closeQuietly(AutoCloseable part) {
    try {
      part.close();
    } catch (Exception e) {
      System.err.println("could not stop a part of the test node: " + e);
    }
  }

  private void started(AutoCloseable part) {
    started.add(part);
  }

  /** A controller, stopped before the pods are drained (see {@link #close()}). */
  private void controller(ServerProcess process) {
    started(process);
    controllers.add(process);
  }

  private Path write(String file, String content) {
    try {
      Path path = dir.resolve(file);
      Files.createDirectories(path.getParent());
      return Files.writeString(path, content);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file + " of the test node", e);
    }
  }
}
