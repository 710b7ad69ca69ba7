package io.pullwarden.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.AgentDistribution;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Issue 8's benchmark in one run: a real kube-apiserver and etcd from testenv, the agent launched
 * from its distribution as a separate process, and at each namespace count the raw write limit, the
 * fan-out time and its ratio to that limit, store calls per rotation, writes during a quiet
 * refresh, new-namespace latency and the agent's memory; at each N the initial-sync baseline (JVM
 * start, raw loop of N creates), and at the first N issue 15's store phase ({@link StorePhase}).
 * Prints progress, then the Markdown table for {@code docs/benchmarks.md} (also written to the work
 * directory). Run it with {@code scripts/bench}.
 */
public final class FanOutBenchmark {

  private FanOutBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchMain.options(args, BenchOptions::parse);
    Files.createDirectories(options.agent().workDir());
    String machine = MachineInfo.describe();
    Progress.say("machine: %s", machine);
    Progress.say("N = %s, %d rotations each", options.scales(), options.rotations());
    AgentDistribution distribution =
        AgentDistribution.unpack(
            options.agent().agentArchive(), options.agent().workDir().resolve("dist"));
    List<ScaleResult> results = new ArrayList<>();
    List<StoreResult> stored = new ArrayList<>();
    Instant began = Instant.now();
    String apiServer;
    try (MachineInfo load = new MachineInfo();
        KubernetesServer server = KubernetesServer.start();
        KubernetesClient client = HttpClientKind.VERTX.client(server.config())) {
      apiServer = client.getKubernetesVersion().getGitVersion();
      Progress.say("kube-apiserver %s at %s", apiServer, client.getMasterUrl());
      BenchCluster cluster = new BenchCluster(client);
      cluster.applyCrds(options.agent().crds());
      ScalePhase phase;
      try (ManagedSecretWatch watch = new ManagedSecretWatch(client);
          KubernetesClient jdk = HttpClientKind.JDK.client(server.config());
          KubernetesClient jdk11 = HttpClientKind.JDK_HTTP11.client(server.config());
          KubernetesClient vertx = HttpClientKind.VERTX.client(server.config())) {
        // One client per raw loop, apart from the one that sets up and watches.
        List<RawWriteLimit> raws =
            List.of(
                new RawWriteLimit(jdk, HttpClientKind.JDK),
                new RawWriteLimit(jdk11, HttpClientKind.JDK_HTTP11),
                new RawWriteLimit(vertx, HttpClientKind.VERTX));
        phase = new ScalePhase(options, server, cluster, watch, raws, distribution);
        cluster.syncObjects(phase.password(), ScalePhase.refreshInterval());
        StorePhase store = new StorePhase(options, client, cluster);
        for (int n : options.scales()) {
          boolean first = results.isEmpty() && options.storePhase();
          results.add(
              phase.run(
                  n,
                  (agent, namespaces) -> {
                    if (first) {
                      stored.add(store.run(agent, namespaces));
                    }
                  }));
        }
      }
      BenchMain.report(
          options.agent().workDir(),
          began,
          machine,
          apiServer,
          load,
          ResultsTable.markdown(results)
              + stored.stream().map(r -> "\n" + r.markdown()).collect(Collectors.joining()));
    }
  }
}
