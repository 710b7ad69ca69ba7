package io.pullwarden.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.AgentDistribution;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

/**
 * Issue 13's benchmark: 500 PullSecretSyncs over 3,600 namespaces, each sync selecting its own
 * team's namespaces and attaching to their {@code default} ServiceAccounts ({@link ManySyncsRun}).
 * A real kube-apiserver and etcd from testenv, the agent launched from its distribution after the
 * cluster is filled. Prints progress, then the Markdown table (also written to the work directory).
 * Run it with {@code scripts/bench --scenario many-syncs}.
 */
public final class ManySyncsBenchmark {

  private ManySyncsBenchmark() {}

  public static void main(String[] args) throws Exception {
    ManySyncsOptions options = BenchMain.options(args, ManySyncsOptions::parse);
    Files.createDirectories(options.agent().workDir());
    String machine = MachineInfo.describe();
    Progress.say("machine: %s", machine);
    Progress.say(
        "%d namespaces, %d syncs, agent %s",
        options.namespaces(), options.syncs(), options.agent().agentArchive());
    AgentDistribution distribution =
        AgentDistribution.unpack(
            options.agent().agentArchive(), options.agent().workDir().resolve("dist"));
    Instant began = Instant.now();
    try (MachineInfo load = new MachineInfo();
        KubernetesServer server = KubernetesServer.start();
        KubernetesClient client = HttpClientKind.VERTX.client(server.config())) {
      String apiServer = client.getKubernetesVersion().getGitVersion();
      Progress.say("kube-apiserver %s at %s", apiServer, client.getMasterUrl());
      BenchCluster cluster = new BenchCluster(client);
      cluster.applyCrds(options.agent().crds());
      ManySyncsResult result;
      try (ManagedSecretWatch secrets = new ManagedSecretWatch(client, ManySyncsRun::isTeamSecret);
          AttachedAccounts accounts = new AttachedAccounts(client)) {
        ManySyncsRun run = new ManySyncsRun(options, server, cluster, secrets, accounts);
        Duration populated = run.populate();
        result = run.run(distribution, populated);
      }
      BenchMain.report(
          options.agent().workDir(), began, machine, apiServer, load, result.markdown());
    }
  }
}
