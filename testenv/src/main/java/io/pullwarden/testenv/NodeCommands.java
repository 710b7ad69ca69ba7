package io.pullwarden.testenv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command lines and configuration files of the {@link RealNode}'s servers, apart from the code
 * that starts them, so each flag is in one place with the reason it is there.
 */
final class NodeCommands {

  /** The kubelet's cgroup root; pods go to {@code /sys/fs/cgroup/<controller>/<root>/kubepods}. */
  static final String CGROUP_ROOT = "pullwarden-node";

  private NodeCommands() {}

  /**
   * etcd on loopback with TLS for clients and peers, taking only certificates of the node's CA: its
   * data is the whole cluster, so no local user may write to it.
   */
  static List<String> etcd(Path k8s, Path dir, NodePki pki, int clientPort) {
    String client = "https://127.0.0.1:" + clientPort;
    String peer = "https://127.0.0.1:" + FreePort.next();
    return List.of(
        k8s.resolve("etcd").toString(),
        "--name=node",
        "--data-dir=" + dir.resolve("etcd"),
        "--listen-client-urls=" + client,
        "--advertise-client-urls=" + client,
        "--listen-peer-urls=" + peer,
        "--initial-advertise-peer-urls=" + peer,
        "--initial-cluster=node=" + peer,
        "--cert-file=" + pki.certificate("etcd"),
        "--key-file=" + pki.privateKey("etcd"),
        "--trusted-ca-file=" + pki.certificate("ca"),
        "--client-cert-auth",
        "--peer-cert-file=" + pki.certificate("etcd"),
        "--peer-key-file=" + pki.privateKey("etcd"),
        "--peer-trusted-ca-file=" + pki.certificate("ca"),
        "--peer-client-cert-auth");
  }

  /**
   * kube-apiserver as a cluster runs it, not as a bare test server: Node and RBAC authorization,
   * NodeRestriction, and the default admission plugins, among them ServiceAccount (which copies a
   * ServiceAccount's {@code imagePullSecrets} into its pods: what Pullwarden's attachment relies
   * on).
   */
  static List<String> apiServer(Path k8s, NodePki pki, int etcdPort, int port) {
    return List.of(
        k8s.resolve("kube-apiserver").toString(),
        "--etcd-servers=https://127.0.0.1:" + etcdPort,
        "--etcd-cafile=" + pki.certificate("ca"),
        "--etcd-certfile=" + pki.certificate("apiserver-etcd-client"),
        "--etcd-keyfile=" + pki.privateKey("apiserver-etcd-client"),
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + port,
        "--tls-cert-file=" + pki.certificate("apiserver"),
        "--tls-private-key-file=" + pki.privateKey("apiserver"),
        "--client-ca-file=" + pki.certificate("ca"),
        "--kubelet-client-certificate=" + pki.certificate("apiserver-kubelet-client"),
        "--kubelet-client-key=" + pki.privateKey("apiserver-kubelet-client"),
        "--kubelet-certificate-authority=" + pki.certificate("ca"),
        "--authorization-mode=Node,RBAC",
        "--enable-admission-plugins=NodeRestriction",
        "--service-account-issuer=https://kubernetes.default.svc",
        "--service-account-key-file=" + pki.serviceAccountPublicKey(),
        "--service-account-signing-key-file=" + pki.privateKey("sa"),
        "--service-cluster-ip-range=10.96.0.0/24");
  }

  static Path containerdSocket(Path dir) {
    return dir.resolve("containerd/containerd.sock");
  }

  /**
   * containerd's CRI plugin, everything under {@code dir}: the sandbox image from its own loopback
   * registry, which only containerd may pull from (a registry without login would let any local
   * user replace the image every pod's sandbox runs), runc with cgroupfs, the {@link NodeNetwork}
   * bridge for pods that do not use the host's network, and plain HTTP for each of {@code
   * registries}.
   */
  static String containerdConfig(
      Path dir, String sandboxImage, RegistryServer sandboxRegistry, List<String> registries) {
    Path root = dir.resolve("containerd");
    String hosts =
        registries.stream()
            .map(
                registry ->
                    "    [plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors.\"%s\"]\n      endpoint = [\"http://%s\"]\n"
                        .formatted(registry, registry))
            .collect(Collectors.joining());
    // containerd's own login, for the sandbox image's registry only: pods get nothing from it.
    hosts +=
        """
            [plugins."io.containerd.grpc.v1.cri".registry.configs."%s".auth]
              username = "%s"
              password = "%s"
        """
            .formatted(
                sandboxRegistry.host(), sandboxRegistry.username(), sandboxRegistry.password());
    return """
        version = 2
        root = "%1$s/root"
        state = "%1$s/state"
        disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", \
        "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

        [grpc]
          address = "%2$s"
        [ttrpc]
          address = "%2$s.ttrpc"
        [debug]
          address = ""
        [metrics]
          address = ""
        [plugins."io.containerd.internal.v1.opt"]
          path = "%1$s/opt"

        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "%3$s"
          stream_server_address = "127.0.0.1"
          stream_server_port = "%4$d"
          enable_selinux = false
          disable_apparmor = true
          # Root here lacks CAP_SYS_RESOURCE, so runc cannot set the sandbox's negative
          # oom_score_adj; this keeps every container's at or above containerd's own.
          restrict_oom_score_adj = true
          [plugins."io.containerd.grpc.v1.cri".containerd]
            snapshotter = "overlayfs"
            default_runtime_name = "runc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                BinaryName = "/usr/sbin/runc"
                Root = "%1$s/runc"
                SystemdCgroup = false
          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "/usr/lib/cni"
            conf_dir = "%1$s/net.d"
          [plugins."io.containerd.grpc.v1.cri".registry]
        %5$s"""
        .formatted(root, containerdSocket(dir), sandboxImage, FreePort.next(), hosts);
  }

  /**
   * kube-controller-manager with the admin's credentials: it runs the Deployment, ReplicaSet,
   * garbage-collector and namespace controllers, creates each namespace's {@code default}
   * ServiceAccount and publishes the cluster CA ({@code kube-root-ca.crt}) the API token volume
   * mounts. One instance, so no leader election.
   */
  static List<String> controllerManager(Path k8s, NodePki pki, Path kubeconfig, int port) {
    return controlPlane(
        k8s.resolve("kube-controller-manager"),
        kubeconfig,
        port,
        "controller-manager-certs",
        "--root-ca-file=" + pki.certificate("ca"),
        "--service-account-private-key-file=" + pki.privateKey("sa"));
  }

  /** kube-scheduler with the admin's credentials, one instance. */
  static List<String> scheduler(Path k8s, Path kubeconfig, int port) {
    return controlPlane(k8s.resolve("kube-scheduler"), kubeconfig, port, "scheduler-certs");
  }

  /**
   * A control-plane component on 127.0.0.1:{@code port} (HTTPS with a certificate it makes in
   * {@code certDir} next to the kubeconfig), talking to and authenticating its callers through the
   * API server as the user of {@code kubeconfig}; the only instance, so it elects no leader.
   */
  private static List<String> controlPlane(
      Path binary, Path kubeconfig, int port, String certDir, String... flags) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--authentication-kubeconfig=" + kubeconfig);
    command.add("--authorization-kubeconfig=" + kubeconfig);
    command.add("--bind-address=127.0.0.1");
    command.add("--secure-port=" + port);
    command.add("--leader-elect=false");
    command.add("--cert-dir=" + kubeconfig.resolveSibling(certDir));
    command.addAll(List.of(flags));
    return command;
  }

  /**
   * The kubelet on loopback with TLS and client-certificate authentication only (no anonymous or
   * read-only port), cgroupfs under {@link #CGROUP_ROOT} on this machine's cgroup v1, eviction
   * thresholds a shared test machine does not trip, and the KubeletEnsureSecretPulledImages gate on
   * (alpha in 1.34), so a pod whose image is already on the node proves its own credentials.
   */
  static String kubeletConfig(Path dir, NodePki pki, Path socket, int port, int healthzPort) {
    Path kubelet = dir.resolve("kubelet");
    return """
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        address: 127.0.0.1
        port: %d
        readOnlyPort: 0
        healthzBindAddress: 127.0.0.1
        healthzPort: %d
        tlsCertFile: %s
        tlsPrivateKeyFile: %s
        authentication:
          anonymous: {enabled: false}
          webhook: {enabled: false}
          x509: {clientCAFile: %s}
        authorization:
          mode: AlwaysAllow
        containerRuntimeEndpoint: unix://%s
        imageServiceEndpoint: unix://%s
        cgroupDriver: cgroupfs
        cgroupRoot: /%s
        cgroupsPerQOS: true
        failCgroupV1: false
        failSwapOn: false
        podLogsDir: %s/pod-logs
        volumePluginDir: %s/volume-plugins
        resolvConf: /etc/resolv.conf
        registerNode: true
        evictionHard:
          memory.available: 100Mi
          nodefs.available: 1%%
          imagefs.available: 1%%
          nodefs.inodesFree: 1%%
        imageGCHighThresholdPercent: 99
        imageGCLowThresholdPercent: 98
        serializeImagePulls: false
        featureGates:
          KubeletEnsureSecretPulledImages: true
        """
        .formatted(
            port,
            healthzPort,
            pki.certificate("kubelet-serving"),
            pki.privateKey("kubelet-serving"),
            pki.certificate("ca"),
            socket,
            socket,
            CGROUP_ROOT,
            kubelet,
            kubelet);
  }
}
