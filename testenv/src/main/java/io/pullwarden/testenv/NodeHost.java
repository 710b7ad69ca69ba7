package io.pullwarden.testenv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the {@link RealNode} changes on the host outside its own directory, and the clean-up of it:
 * the kubelet's cgroup root in every cgroup v1 hierarchy, the container shims containerd leaves
 * running, the mounts of pod volumes and container root filesystems, the network namespaces of
 * sandboxes nobody stopped, and the host paths the kubelet and containerd's CNI cache hard-code.
 * Everything is found by this node's own directory or socket, never by name, so nothing of another
 * process is touched.
 */
final class NodeHost implements AutoCloseable {

  private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
  private static final Path DEVICE_PLUGINS = Path.of("/var/lib/kubelet/device-plugins");
  private static final Path CONTAINER_LOGS = Path.of("/var/log/containers");
  private static final Path CTR = Path.of("/usr/bin/ctr");
  private static final Path CNI_RESULTS = Path.of("/var/lib/cni/results");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final List<Path> cgroups;

  private NodeHost(Path dir, List<Path> cgroups) {
    this.dir = dir;
    this.cgroups = cgroups;
  }

  /**
   * Creates the kubelet's cgroup root in every hierarchy (the kubelet refuses one that is missing)
   * with the parent's cpus and memory nodes, and the CNI configuration.
   */
  static NodeHost prepare(Path dir) {
    if (Files.exists(CGROUPS.resolve("cgroup.controllers"))) {
      throw new IllegalStateException(
          CGROUPS
              + " is a cgroup v2 (unified) mount: the test node runs its kubelet on cgroup v1 or"
              + " hybrid hierarchies, as the machines it was built on have (ADR 0015)");
    }
    if (answers(DEVICE_PLUGINS.resolve("kubelet.sock"))) {
      throw new IllegalStateException(
          "a kubelet already runs on this machine ("
              + DEVICE_PLUGINS.resolve("kubelet.sock")
              + " answers): the test node would take over its host paths; stop it first");
    }
    List<Path> created = new ArrayList<>();
    try (Stream<Path> hierarchies = Files.list(CGROUPS)) {
      for (Path hierarchy : hierarchies.filter(Files::isDirectory).sorted().toList()) {
        Path root = hierarchy.resolve(NodeCommands.CGROUP_ROOT);
        created.add(root); // the kubelet also makes it in the unified (v2) hierarchy
        if (hierarchy.getFileName().toString().equals("unified")) {
          continue;
        }
        Files.createDirectories(root);
        for (String inherited : List.of("cpuset.cpus", "cpuset.mems")) {
          if (Files.exists(hierarchy.resolve(inherited))) {
            Files.writeString(
                root.resolve(inherited), Files.readString(hierarchy.resolve(inherited)));
          }
        }
      }
      Path cni = Files.createDirectories(dir.resolve("containerd/net.d"));
      Files.writeString(cni.resolve("10-pullwarden.conflist"), NodeNetwork.cniConfig(dir));
      return new NodeHost(dir, created);
    } catch (IOException e) {
      created.forEach(NodeHost::removeCgroupTree);
      throw new UncheckedIOException(
          "could not prepare cgroups under " + CGROUPS + " (the real test node needs root)", e);
    }
  }

  /** True when something accepts connections on the unix socket {@code path}. */
  private static boolean answers(Path path) {
    if (!Files.exists(path)) {
      return false;
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return channel.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException stale) {
      return false;
    }
  }

  /**
   * Deletes every pod and waits (a minute at most) until the kubelet has stopped them, so their
   * containers end the way a node drains rather than by force.
   */
  void deleteAllPods(KubernetesServer apiServer) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    try (KubernetesClient client = apiServer.newClient()) {
      client.pods().inAnyNamespace().withGracePeriod(1).delete();
      while (!client.pods().inAnyNamespace().list().getItems().isEmpty()
          && Instant.now().isBefore(deadline)) {
        ServerProcess.sleep(Duration.ofMillis(500));
      }
    } catch (RuntimeException e) {
      System.err.println("could not drain the test node's pods: " + e);
    }
    // A pod leaves the API before the kubelet has stopped its sandbox (and torn down its network).
    Path socket = NodeCommands.containerdSocket(dir);
    while (!ctr(socket, "tasks", "ls", "-q").isBlank() && Instant.now().isBefore(deadline)) {
      ServerProcess.sleep(Duration.ofMillis(500));
    }
  }

  /** Kills and removes every container containerd still has in the CRI namespace. */
  void removeContainers(Path socket) {
    ctr(socket, "tasks", "ls", "-q")
        .lines()
        .forEach(t -> ctr(socket, "tasks", "kill", "-s", "KILL", t));
    ServerProcess.sleep(Duration.ofSeconds(1));
    ctr(socket, "tasks", "ls", "-q").lines().forEach(t -> ctr(socket, "tasks", "delete", "-f", t));
    ctr(socket, "containers", "ls", "-q")
        .lines()
        .forEach(c -> ctr(socket, "containers", "delete", c));
  }

  /**
   * Stops the shims of this node's containerd (found by its socket on their command line), unmounts
   * everything below the node's directory, removes the cgroups and the kubelet's host paths.
   */
  @Override
  public void close() {
    String socket = NodeCommands.containerdSocket(dir).toString();
    NodeProcesses.stop(
        ProcessHandle.allProcesses()
            .filter(
                p ->
                    p.info()
                        .commandLine()
                        .map(c -> c.contains("containerd-shim") && c.contains(socket))
                        .orElse(false))
            .toList());
    for (Path root : cgroups) {
      NodeProcesses.stop(NodeProcesses.in(root));
    }
    removeLeftoverPodNetworks();
    unmountBelow(dir);
    for (Path root : cgroups) {
      removeCgroupTree(root);
    }
    try (Stream<Path> logs =
        Files.exists(CONTAINER_LOGS) ? Files.list(CONTAINER_LOGS) : Stream.empty()) {
      logs.filter(link -> pointsInto(link, dir)).forEach(NodeHost::deleteQuietly);
    } catch (IOException e) {
      System.err.println("could not clean " + CONTAINER_LOGS + ": " + e);
    }
    deleteQuietly(DEVICE_PLUGINS.resolve("kubelet.sock"));
    deleteQuietly(DEVICE_PLUGINS.resolve("kubelet_internal_checkpoint"));
    for (Path empty :
        List.of(
            DEVICE_PLUGINS,
            DEVICE_PLUGINS.getParent(),
            CONTAINER_LOGS,
            CNI_RESULTS,
            CNI_RESULTS.getParent(),
            Path.of("/var/run/netns"))) {
      deleteQuietly(empty); // only when empty: another tool's files stay
    }
  }

  /**
   * Deletes the network namespaces (and so the veth pairs) of sandboxes nobody stopped, found by
   * this node's network name in the CNI result cache containerd keeps in {@value #CNI_RESULTS}.
   */
  private static void removeLeftoverPodNetworks() {
    if (!Files.isDirectory(CNI_RESULTS)) {
      return;
    }
    try (Stream<Path> results = Files.list(CNI_RESULTS)) {
      for (Path result : results.toList()) {
        String name = result.getFileName().toString();
        if (!name.startsWith("pullwarden-node-")) {
          continue;
        }
        for (JsonNode networkInterface :
            JSON.readTree(result.toFile()).path("result").path("interfaces")) {
          String sandbox = networkInterface.path("sandbox").asText("");
          if (sandbox.startsWith("/var/run/netns/")) {
            Command.run(
                List.of(
                    "/usr/sbin/ip", "netns", "delete", Path.of(sandbox).getFileName().toString()),
                Map.of(),
                Duration.ofSeconds(30));
          }
        }
        String container = name.substring("pullwarden-node-".length(), name.lastIndexOf('-'));
        deleteQuietly(result);
        deleteQuietly(CNI_RESULTS.resolve("cni-loopback-" + container + "-lo"));
      }
    } catch (IOException e) {
      System.err.println("could not clean " + CNI_RESULTS + ": " + e);
    }
  }

  private static void unmountBelow(Path dir) {
    try {
      List<String> mounts =
          Files.readAllLines(Path.of("/proc/self/mounts")).stream()
              .map(line -> line.split(" ")[1].replace("\\040", " "))
              .filter(target -> target.startsWith(dir.toString()))
              .sorted(Comparator.reverseOrder())
              .toList();
      for (String target : mounts) {
        Command.run(List.of("umount", "-l", target), Map.of(), Duration.ofSeconds(30));
      }
    } catch (IOException e) {
      System.err.println("could not read /proc/self/mounts: " + e);
    }
  }

  /** A cgroup directory is removed with rmdir, children first (its files are not real files). */
  private static void removeCgroupTree(Path root) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(root)) {
      tree.filter(Files::isDirectory)
          .sorted(Comparator.reverseOrder())
          .forEach(NodeHost::deleteQuietly);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not remove cgroup " + root + ": " + e);
    }
  }

  private static boolean pointsInto(Path link, Path dir) {
    try {
      return Files.isSymbolicLink(link) && Files.readSymbolicLink(link).startsWith(dir);
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException notEmptyOrBusy) {
      // left for the next run's clean-up; never worth failing a test run
    }
  }

  private static String ctr(Path socket, String... arguments) {
    List<String> command = new ArrayList<>(List.of("--address", socket.toString(), "-n", "k8s.io"));
    command.addAll(List.of(arguments));
    Command.Result result =
        Command.run(CTR, Duration.ofSeconds(30), command.toArray(String[]::new));
    return result.succeeded() ? result.output() : "";
  }
}
