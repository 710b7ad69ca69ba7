package io.pullwarden.testenv;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.KubeAPITestException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real kube-apiserver with its etcd, run by fabric8 kube-api-test from the binaries that {@code
 * scripts/install-test-deps} built (offline: nothing is downloaded). There are no nodes and no
 * controller manager, so nothing creates default ServiceAccounts or garbage-collects; tests create
 * what they need.
 */
public final class KubernetesServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesServer.class);
  private static final int START_ATTEMPTS = 3;

  private final Runnable stop;
  private final String kubeconfigYaml;
  private final Path kubeconfigFile;

  private KubernetesServer(String kubeconfigYaml, Runnable stop) throws IOException {
    this.stop = stop;
    this.kubeconfigYaml = kubeconfigYaml;
    this.kubeconfigFile = Files.createTempFile("pullwarden-kubeconfig", ".yaml");
    Files.writeString(kubeconfigFile, kubeconfigYaml);
  }

  /**
   * An API server that something else runs (the {@link RealNode}'s), reached as the admin of {@code
   * kubeconfigYaml}; closing this deletes only the kubeconfig file.
   */
  static KubernetesServer runBy(String kubeconfigYaml) {
    try {
      return new KubernetesServer(kubeconfigYaml, () -> {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts etcd and kube-apiserver on free ports; returns once the API server is ready. */
  public static KubernetesServer start() {
    String version = TestDependencies.version("KUBERNETES_VERSION");
    Path binaries = TestDependencies.kubeApiTestDir().resolve("k8s/" + version + "-linux-amd64");
    for (String binary : new String[] {"etcd", "kube-apiserver", "kubectl"}) {
      TestDependencies.requireExecutable(
          binary + " (Kubernetes " + version + ")", binaries.resolve(binary));
    }
    KubeAPIServer apiServer = startWithRetries(version);
    try {
      return new KubernetesServer(apiServer.getKubeConfigYaml(), apiServer::stop);
    } catch (IOException e) {
      apiServer.stop();
      throw new UncheckedIOException(e);
    }
  }

  /**
   * kube-api-test picks free ports and only then starts etcd and kube-apiserver; on a busy machine
   * another process (even kube-apiserver's own etcd client, as an ephemeral source port) can take
   * one in between, and the server exits at once. That is a clash, not a broken server, so a start
   * that fails is tried again on new ports, twice at most.
   */
  private static KubeAPIServer startWithRetries(String version) {
    KubeAPITestException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      KubeAPIServer apiServer =
          new KubeAPIServer(
              KubeAPIServerConfigBuilder.anAPIServerConfig()
                  .withTestDir(TestDependencies.kubeApiTestDir().toString())
                  .withApiServerVersion(version)
                  .withOfflineMode(true)
                  .withUpdateKubeConfig(false)
                  .build());
      try {
        apiServer.start();
        return apiServer;
      } catch (KubeAPITestException e) {
        last = e;
        LOG.warn(
            "kube-apiserver did not start (attempt {} of {}): {}",
            attempt,
            START_ATTEMPTS,
            e.getMessage());
        stopQuietly(apiServer);
      }
    }
    throw last;
  }

  /** kube-api-test may already have stopped the processes when one exited unexpectedly. */
  private static void stopQuietly(KubeAPIServer apiServer) {
    try {
      apiServer.stop();
    } catch (RuntimeException alreadyStopped) {
      LOG.debug("stopping a kube-apiserver that did not start", alreadyStopped);
    }
  }

  /** A new cluster-admin client; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** A fresh cluster-admin client configuration, for callers that tune it before building. */
  public Config config() {
    return Config.fromKubeconfig(kubeconfigYaml);
  }

  /** The kubeconfig as YAML. */
  public String kubeconfigYaml() {
    return kubeconfigYaml;
  }

  /** A kubeconfig file, for kubectl, Helm or an agent started as a separate process. */
  public Path kubeconfigFile() {
    return kubeconfigFile;
  }

  @Override
  public void close() throws IOException {
    stop.run();
    Files.deleteIfExists(kubeconfigFile);
  }
}
