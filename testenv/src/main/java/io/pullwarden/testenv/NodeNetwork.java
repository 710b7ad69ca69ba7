package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link RealNode}'s pod network: a bridge with no uplink ({@value #BRIDGE}, {@value #SUBNET}),
 * so pods that do not use the host's network get addresses of their own (two replicas of one
 * Deployment can then listen on the same port), and nothing on it is reachable from beyond this
 * machine. Every server still listens on 127.0.0.1 only; what pods must reach is forwarded to it by
 * DNAT rules in one chain of its own ({@value #CHAIN}), as kube-proxy would: the API server's
 * Service address {@code 10.96.0.1:443}, and the host ports a test exposes with {@link
 * #exposeToPods(int)} at {@value #GATEWAY}.
 */
final class NodeNetwork implements AutoCloseable {

  static final String BRIDGE = "pwnode0";
  static final String SUBNET = "10.244.0.0/24";
  static final String GATEWAY = "10.244.0.1";
  static final String CHAIN = "PULLWARDEN-NODE";

  /** The {@code kubernetes} Service's address in the API server's service range. */
  static final String API_SERVICE = "10.96.0.1";

  private static final Path IP = Path.of("/usr/sbin/ip");
  private static final Path IPTABLES = Path.of("/usr/sbin/iptables");

  private NodeNetwork() {}

  /**
   * Creates the bridge and the forwarding chain (removing leftovers of a run that was killed: the
   * machine's node lock is held, so no other node uses them) and forwards the API server's Service
   * address to {@code apiServerPort} on loopback.
   */
  static NodeNetwork create(int apiServerPort) {
    TestDependencies.debianBinary("iproute2", IP);
    TestDependencies.debianBinary("iptables", IPTABLES);
    NodeNetwork network = new NodeNetwork();
    network.removeQuietly();
    run(IP, "link", "add", BRIDGE, "type", "bridge");
    run(IP, "addr", "add", GATEWAY + "/24", "dev", BRIDGE);
    run(IP, "link", "set", BRIDGE, "up");
    try {
      // DNAT to 127.0.0.1 is allowed only for packets that arrive on an interface with this set.
      Files.writeString(Path.of("/proc/sys/net/ipv4/conf/" + BRIDGE + "/route_localnet"), "1");
    } catch (IOException e) {
      throw new UncheckedIOException("could not set route_localnet on " + BRIDGE, e);
    }
    run(IPTABLES, "-t", "nat", "-N", CHAIN);
    run(IPTABLES, "-t", "nat", "-A", "PREROUTING", "-i", BRIDGE, "-j", CHAIN);
    network.forward(API_SERVICE, 443, apiServerPort);
    return network;
  }

  /**
   * Makes {@code 127.0.0.1:<port>} reachable from pods as {@code 10.244.0.1:<port>}; returns that
   * address, for a pod's configuration (a store's address, say).
   */
  String exposeToPods(int port) {
    forward(GATEWAY, port, port);
    return GATEWAY + ":" + port;
  }

  /**
   * The CNI configuration: the bridge with host-local addresses whose state lives under {@code dir}
   * (not in {@code /var/lib/cni}), a default route through the gateway, and no masquerading.
   */
  static String cniConfig(Path dir) {
    return """
        {
          "cniVersion": "0.4.0",
          "name": "pullwarden-node",
          "plugins": [{
            "type": "bridge",
            "bridge": "%s",
            "isGateway": true,
            "ipMasq": false,
            "ipam": {
              "type": "host-local",
              "dataDir": "%s",
              "ranges": [[{"subnet": "%s", "gateway": "%s"}]],
              "routes": [{"dst": "0.0.0.0/0"}]
            }
          }]
        }
        """
        .formatted(BRIDGE, dir.resolve("cni-ipam"), SUBNET, GATEWAY);
  }

  /** Removes the forwarding rules and the bridge (pods' veth ends go with their namespaces). */
  @Override
  public void close() {
    removeQuietly();
  }

  private void forward(String address, int port, int loopbackPort) {
    run(
        IPTABLES,
        "-t",
        "nat",
        "-A",
        CHAIN,
        "-d",
        address,
        "-p",
        "tcp",
        "--dport",
        Integer.toString(port),
        "-j",
        "DNAT",
        "--to-destination",
        "127.0.0.1:" + loopbackPort);
  }

  private void removeQuietly() {
    command(IPTABLES, "-t", "nat", "-D", "PREROUTING", "-i", BRIDGE, "-j", CHAIN);
    command(IPTABLES, "-t", "nat", "-F", CHAIN);
    command(IPTABLES, "-t", "nat", "-X", CHAIN);
    command(IP, "link", "del", BRIDGE);
  }

  private static void run(Path tool, String... arguments) {
    Command.Result result = command(tool, arguments);
    if (!result.succeeded()) {
      throw new IllegalStateException(
          tool.getFileName() + " " + String.join(" ", arguments) + " failed: " + result.output());
    }
  }

  private static Command.Result command(Path tool, String... arguments) {
    List<String> command = new ArrayList<>(List.of(tool.toString()));
    command.addAll(List.of(arguments));
    return Command.run(command, Map.of(), Duration.ofSeconds(30));
  }
}
