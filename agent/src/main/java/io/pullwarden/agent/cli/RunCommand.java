package io.pullwarden.agent.cli;

import io.pullwarden.agent.source.ProjectedTokens;
import io.pullwarden.agent.source.RetryBackoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pullwarden run}: resolves the agent's settings and hands them to the {@link AgentRunner}.
 * The command only parses and validates; the agent lives behind the interface.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs the agent: keeps pull Secrets in sync with their credential sources.")
final class RunCommand implements Callable<Integer> {

  /**
   * Bounds of the retry delays: a shorter first wait would retry a failing store or API server in a
   * tight loop; a first wait over an hour or a longest one over a day would leave a fixed failure
   * unnoticed for longer than anyone waits.
   */
  private static final Duration MIN_RETRY_DELAY = Duration.ofMillis(100);

  private static final Duration MAX_FIRST_RETRY_DELAY = Duration.ofHours(1);
  private static final Duration MAX_RETRY_DELAY = Duration.ofHours(24);

  /** The API server refuses a Secret whose data is larger. */
  private static final int MAX_SECRET_BYTES = 1024 * 1024;

  @Mixin private PluginsDirOption pluginsDir;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "Port for /metrics, /healthz and /readyz. Default: ${DEFAULT-VALUE}.")
  private int metricsPort;

  @Option(
      names = "--namespace",
      paramLabel = "NAMESPACE",
      description =
          "The agent's own namespace (login material, leader election). Default: $POD_NAMESPACE,"
              + " else the ServiceAccount's namespace file.")
  private String namespace;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Elect one writing replica on a Lease in the agent's namespace (default). With"
              + " --no-leader-election every replica writes: run only one.")
  private boolean leaderElection;

  @Option(
      names = "--lease-name",
      paramLabel = "NAME",
      defaultValue = "pullwarden",
      description = "The leader-election Lease. Default: ${DEFAULT-VALUE}.")
  private String leaseName;

  @Option(
      names = "--lease-duration",
      paramLabel = "DURATION",
      defaultValue = "15s",
      description =
          "How long a leader's Lease holds without renewal; a standby takes over after it."
              + " Default: ${DEFAULT-VALUE}.")
  private String leaseDuration;

  @Option(
      names = "--max-secret-bytes",
      paramLabel = "BYTES",
      defaultValue = "262144",
      description =
          "The largest .dockerconfigjson a sync may write; a larger credential is refused before"
              + " any write. At most 1048576 (the API server's limit). Default: ${DEFAULT-VALUE}.")
  private int maxSecretBytes;

  @Option(
      names = "--token-dir",
      paramLabel = "DIR",
      defaultValue = ProjectedTokens.DEFAULT_DIRECTORY,
      split = ",",
      description =
          "Directories of projected ServiceAccount tokens that plugins may read (Vault kubernetes"
              + " auth); any other token path is refused. Repeat or separate with commas. Default:"
              + " ${DEFAULT-VALUE}.")
  private List<Path> tokenDirectories;

  @Option(
      names = "--retry-delay",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "How long a sync or source waits before trying again after a failure that only time"
              + " fixes (store unreachable, login refused, plugin failed or timed out, a write or"
              + " cleanup refused for now); doubles with each failure in a row up to"
              + " --max-retry-delay, shortened by up to 20 % at random. Default: ${DEFAULT-VALUE}.")
  private String retryDelay;

  @Option(
      names = "--max-retry-delay",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description =
          "The longest wait between retries; it bounds how late a store that recovered is noticed"
              + " when nothing else wakes the sync. Default: ${DEFAULT-VALUE}.")
  private String maxRetryDelay;

  @Mixin private LogLevelOption logLevel;

  @Spec private CommandSpec spec;

  // Interim: until the core reconcilers register an AgentRunner (same release), this build has
  // none and 'run' reports that it is not available, with exit code 2. Nothing is pretended.
  // Looked up only when 'run' executes: picocli creates every subcommand for every invocation.
  private final Supplier<Optional<AgentRunner>> runners;

  RunCommand() {
    this(() -> Implementation.of(AgentRunner.class));
  }

  RunCommand(Supplier<Optional<AgentRunner>> runners) {
    this.runners = runners;
  }

  @Override
  public Integer call() {
    Optional<AgentRunner> runner = runners.get();
    if (runner.isEmpty()) {
      return Implementation.unavailable(spec.commandLine().getErr(), "run", AgentRunner.class);
    }
    if (metricsPort < 1 || metricsPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--metrics-port must be between 1 and 65535, not " + metricsPort);
    }
    String agentNamespace =
        namespace != null && !namespace.isBlank()
            ? namespace.trim()
            : AgentNamespace.detect()
                .orElseThrow(
                    () ->
                        new ParameterException(
                            spec.commandLine(),
                            "cannot tell the agent's namespace outside a cluster; set --namespace"
                                + " or POD_NAMESPACE"));
    if (maxSecretBytes < 1 || maxSecretBytes > MAX_SECRET_BYTES) {
      throw new ParameterException(
          spec.commandLine(),
          "--max-secret-bytes must be between 1 and "
              + MAX_SECRET_BYTES
              + ", not "
              + maxSecretBytes);
    }
    Duration lease = DurationOption.parse(spec, "--lease-duration", leaseDuration);
    Duration firstRetry =
        DurationOption.within(
            spec,
            "--retry-delay",
            retryDelay,
            MIN_RETRY_DELAY,
            "100ms",
            MAX_FIRST_RETRY_DELAY,
            "1h");
    Duration lastRetry =
        DurationOption.within(
            spec,
            "--max-retry-delay",
            maxRetryDelay,
            firstRetry,
            "--retry-delay (" + retryDelay + ")",
            MAX_RETRY_DELAY,
            "24h");
    RetryBackoff backoff = new RetryBackoff(firstRetry, lastRetry, RetryBackoff.DEFAULT.jitter());
    LogFormat.JSON.apply(logLevel.or(LogLevelOption.Level.INFO));
    Optional<RunOptions.LeaderElection> election =
        leaderElection
            ? Optional.of(new RunOptions.LeaderElection(leaseName, lease))
            : Optional.empty();
    return runner
        .get()
        .run(
            new RunOptions(
                pluginsDir.directory(),
                pluginsDir.loadLimit(),
                metricsPort,
                agentNamespace,
                election,
                maxSecretBytes,
                tokenDirectories,
                backoff));
  }
}
