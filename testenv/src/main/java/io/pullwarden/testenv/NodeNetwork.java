package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@link RealNode}'s pod network: a bridge with no uplink ({@value #BRIDGE}, {@value #SUBNET}),
 * so pods that do not use the host's network get addresses of their own (two replicas of one
 * Deployment can then listen on the same port). Every server still listens on 127.0.0.1 only; what
 * pods must reach is forwarded to it by DNAT rules in a {@code nat} chain of its own ({@value
 * #CHAIN}), as kube-proxy would: the API server's Service address {@code 10.96.0.1:443}, and the
 * host ports a test exposes with {@link #exposeToPods(int)} at {@value #GATEWAY}.
 *
 * <p>Nothing on the bridge is reachable from beyond the machine, and pods reach nothing beyond it:
 * the bridge is not a gateway (the CNI plugin would turn on IP forwarding for the whole machine),
 * IP forwarding is put back as it was found, and a {@code filter} chain of its own drops anything
 * forwarded in or out of the bridge and, like kube-proxy, any packet from a pod to a loopback
 * address that no DNAT rule sent there ({@code route_localnet} would otherwise let a pod reach
 * every loopback listener).
 */
final class NodeNetwork implements AutoCloseable {

  static final String BRIDGE = "pwnode0";
  static final String SUBNET = "10.244.0.0/24";
  static final String GATEWAY = "10.244.0.1";
  static final String CHAIN = "PULLWARDEN-NODE";

  /** The {@code kubernetes} Service's address in the API server's service range. */
  static final String API_SERVICE = "10.96.0.1";

  private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");
  private static final Path IP = Path.of("/usr/sbin/ip");
  private static final Path IPTABLES = Path.of("/usr/sbin/iptables");

  private final String ipForward;

  private NodeNetwork(String ipForward) {
    this.ipForward = ipForward;
  }

  /**
   * Creates the bridge and the chains (removing leftovers of a run that was killed: the machine's
   * node lock is held, so no other node uses them) and forwards the API server's Service address to
   * {@code apiServerPort} on loopback. On failure removes whatever it made.
   */
  static NodeNetwork create(int apiServerPort) {
    TestDependencies.debianBinary("iproute2", IP);
    TestDependencies.debianBinary("iptables", IPTABLES);
    NodeNetwork network = new NodeNetwork(read(IP_FORWARD));
    network.removeQuietly();
    String inUse = command(IP, "-4", "-o", "addr", "show", "to", SUBNET).output().strip();
    if (!inUse.isEmpty()) {
      throw new IllegalStateException(
          SUBNET + " is already in use on this machine, so pods could not reach it: " + inUse);
    }
    try {
      run(IP, "link", "add", BRIDGE, "type", "bridge");
      run(IP, "addr", "add", GATEWAY + "/24", "dev", BRIDGE);
      run(IP, "link", "set", BRIDGE, "up");
      // DNAT to 127.0.0.1 is allowed only for packets that arrive on an interface with this set.
      Files.writeString(Path.of("/proc/sys/net/ipv4/conf/" + BRIDGE + "/route_localnet"), "1");
      run(IPTABLES, "-t", "nat", "-N", CHAIN);
      run(IPTABLES, "-t", "nat", "-A", "PREROUTING", "-i", BRIDGE, "-j", CHAIN);
      run(IPTABLES, "-N", CHAIN);
      run(IPTABLES, "-I", "INPUT", "-i", BRIDGE, "-j", CHAIN);
      run(IPTABLES, "-I", "FORWARD", "-i", BRIDGE, "!", "-o", BRIDGE, "-j", "DROP");
      run(IPTABLES, "-I", "FORWARD", "-o", BRIDGE, "!", "-i", BRIDGE, "-j", "DROP");
      run(
          IPTABLES,
          "-A",
          CHAIN,
          "-d",
          "127.0.0.0/8",
          "-m",
          "conntrack",
          "!",
          "--ctstate",
          "RELATED,ESTABLISHED,DNAT",
          "-j",
          "DROP");
      network.forward(API_SERVICE, 443, apiServerPort);
      return network;
    } catch (IOException | RuntimeException e) {
      network.removeQuietly();
      throw new IllegalStateException("could not set up the test node's pod network", e);
    }
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
   * The CNI configuration: the bridge (not a gateway: that would turn on IP forwarding) with
   * host-local addresses whose state lives under {@code dir} (not in {@code /var/lib/cni}), a
   * default route through {@value #GATEWAY}, which {@link #create} put on the bridge, and no
   * masquerading.
   */
  static String cniConfig(Path dir) {
    return """
        {
          "cniVersion": "0.4.0",
          "name": "pullwarden-node",
          "plugins": [{
            "type": "bridge",
            "bridge": "%s",
            "isGateway": false,
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
    command(IPTABLES, "-D", "INPUT", "-i", BRIDGE, "-j", CHAIN);
    command(IPTABLES, "-D", "FORWARD", "-i", BRIDGE, "!", "-o", BRIDGE, "-j", "DROP");
    command(IPTABLES, "-D", "FORWARD", "-o", BRIDGE, "!", "-i", BRIDGE, "-j", "DROP");
    command(IPTABLES, "-F", CHAIN);
    command(IPTABLES, "-X", CHAIN);
    command(IP, "link", "del", BRIDGE);
    try {
      if (!read(IP_FORWARD).equals(ipForward)) {
        Files.writeString(IP_FORWARD, ipForward);
      }
    } catch (IOException e) {
      System.err.println("could not put " + IP_FORWARD + " back to " + ipForward + ": " + e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  private static void run(Path tool, String... arguments) {
    Command.require(tool, Duration.ofSeconds(30), arguments);
  }

  private static Command.Result command(Path tool, String... arguments) {
    return Command.run(tool, Duration.ofSeconds(30), arguments);
  }
}
