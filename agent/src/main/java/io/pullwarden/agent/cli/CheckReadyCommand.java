package io.pullwarden.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pullwarden check-ready}: asks every replica of the agent for {@code /readyz}, directly at
 * its pod's address, and exits 0 only when there is at least one and each answers 200. The chart's
 * {@code helm test} pod runs it: the agent's own image is the one image sure to be pullable where
 * the agent runs, and it has no HTTP client of its own. Each replica, not the Service, because the
 * Service hides a replica that is not ready (and needs cluster DNS and a proxy to reach at all).
 */
@Command(
    name = "check-ready",
    mixinStandardHelpOptions = true,
    description =
        "Checks that every agent replica answers 200 on /readyz (the chart's helm test). Exit"
            + " codes: 0 all ready, 1 none found or one not ready.")
final class CheckReadyCommand implements Callable<Integer> {

  private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

  private final AgentReplicas replicas;

  @Spec private CommandSpec spec;

  @Option(
      names = "--namespace",
      required = true,
      paramLabel = "NAMESPACE",
      description = "The namespace of the agent's pods.")
  private String namespace;

  @Option(
      names = "--selector",
      required = true,
      paramLabel = "SELECTOR",
      description = "A label selector for the agent's pods, e.g. app.kubernetes.io/instance=pw.")
  private String selector;

  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = "The agent's --metrics-port. Default: ${DEFAULT-VALUE}.")
  private int port;

  @Option(
      names = "--path",
      defaultValue = "/readyz",
      paramLabel = "PATH",
      description =
          "An absolute path on the replica, such as /readyz (no host, no '@'). Default:"
              + " ${DEFAULT-VALUE}.")
  private String path;

  @Option(
      names = "--timeout",
      defaultValue = "5s",
      paramLabel = "DURATION",
      description =
          "How long each replica may take to answer, 100ms to 1m. Default: ${DEFAULT-VALUE}.")
  private String timeoutText;

  CheckReadyCommand() {
    this(new KubernetesAgentReplicas());
  }

  CheckReadyCommand(AgentReplicas replicas) {
    this.replicas = replicas;
  }

  @Override
  public Integer call() {
    Duration timeout =
        DurationOption.within(
            spec, "--timeout", timeoutText, MIN_TIMEOUT, "100ms", MAX_TIMEOUT, "1m");
    // Only ever a path on the replica's own address: "@host/x" or "//host/x" would turn the pod
    // address into user info or send the request elsewhere.
    if (!path.matches("/([A-Za-z0-9._~-][A-Za-z0-9._~/-]*)?")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--path must be an absolute path of letters, digits and . _ ~ - /, such as /readyz");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<AgentReplicas.Replica> found = replicas.list(namespace, selector);
    if (found.isEmpty()) {
      err.println("pullwarden: no pod in namespace " + namespace + " matches " + selector);
      err.flush();
      return 1;
    }
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    long notReady = 0;
    for (AgentReplicas.Replica replica : found) {
      String outcome = check(http, replica, timeout);
      if (!outcome.startsWith("ready")) {
        notReady++;
      }
      out.println(replica.name() + " " + replica.address() + ": " + outcome);
    }
    out.flush();
    if (notReady > 0) {
      err.println("pullwarden: " + notReady + " of " + found.size() + " replicas not ready");
      err.flush();
      return 1;
    }
    return 0;
  }

  /** "ready (200)", "not ready (503)", or why the replica could not be asked. */
  private String check(HttpClient http, AgentReplicas.Replica replica, Duration timeout) {
    if (replica.address() == null || replica.address().isBlank()) {
      return "no pod address yet";
    }
    String host =
        replica.address().contains(":") ? "[" + replica.address() + "]" : replica.address();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
            .timeout(timeout)
            .GET()
            .build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return (status == 200 ? "ready (" : "not ready (") + status + ")";
    } catch (IOException e) {
      return "unreachable (" + PullwardenCommand.describe(e) + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
