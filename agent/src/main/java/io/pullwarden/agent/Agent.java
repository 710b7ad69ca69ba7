package io.pullwarden.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.pullwarden.agent.fanout.SecretFanOut;
import io.pullwarden.agent.fanout.ServiceAccountWriter;
import io.pullwarden.agent.fanout.SyncCleanup;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.agent.reconciler.CredentialChanges;
import io.pullwarden.agent.reconciler.CredentialSourceReconciler;
import io.pullwarden.agent.reconciler.EventRecorder;
import io.pullwarden.agent.reconciler.PullSecretSyncReconciler;
import io.pullwarden.agent.source.CredentialCache;
import io.pullwarden.agent.source.KubernetesClusterSecrets;
import io.pullwarden.agent.source.KubernetesSourceContext;
import io.pullwarden.agent.source.ProjectedTokens;
import io.pullwarden.agent.source.RetryBackoff;
import io.pullwarden.agent.source.SourceFactories;
import io.pullwarden.agent.source.SourceSessions;
import io.pullwarden.agent.source.Timers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: the two reconcilers on Java Operator SDK, wired to the plugin sessions, the
 * shared credential cache and the fan-out. The CLI's {@code run} starts one; integration tests
 * start one in-process against the test API server.
 */
public final class Agent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  /**
   * How the agent runs.
   *
   * @param namespace the agent's own namespace, where plugins read login material
   * @param writeConcurrency how many Secret writes may be in flight at once
   * @param leaderElection when present, only the holder of this Lease reconciles
   * @param maxSecretBytes the largest {@code .dockerconfigjson} a sync may write, in bytes
   * @param tokenDirectories where plugins may read projected ServiceAccount tokens from
   * @param retryBackoff how long a sync or source waits after a failure that only time fixes, by
   *     failures in a row (tests use short ones)
   */
  public record Options(
      String namespace,
      int writeConcurrency,
      Clock clock,
      Optional<Election> leaderElection,
      int maxSecretBytes,
      List<Path> tokenDirectories,
      RetryBackoff retryBackoff) {

    /**
     * The default limit on a written document: a quarter of the API server's 1 MiB limit on a
     * Secret, far above any real set of registry logins (a few KiB), and small enough that a page
     * of the agent's Secret watch stays a few MiB.
     */
    public static final int DEFAULT_MAX_SECRET_BYTES = 256 * 1024;

    public static Options defaults(String namespace) {
      return new Options(
          namespace,
          16,
          Clock.systemUTC(),
          Optional.empty(),
          DEFAULT_MAX_SECRET_BYTES,
          List.of(Path.of(ProjectedTokens.DEFAULT_DIRECTORY)),
          RetryBackoff.DEFAULT);
    }

    /** The same options, electing a leader on a Lease in the agent's namespace. */
    public Options withLeaderElection(Election election) {
      return new Options(
          namespace,
          writeConcurrency,
          clock,
          Optional.of(election),
          maxSecretBytes,
          tokenDirectories,
          retryBackoff);
    }

    /** The same options with another limit on the size of a written document. */
    public Options withMaxSecretBytes(int bytes) {
      return new Options(
          namespace,
          writeConcurrency,
          clock,
          leaderElection,
          bytes,
          tokenDirectories,
          retryBackoff);
    }

    /** The same options, reading projected tokens only from {@code directories}. */
    public Options withTokenDirectories(List<Path> directories) {
      return new Options(
          namespace,
          writeConcurrency,
          clock,
          leaderElection,
          maxSecretBytes,
          directories,
          retryBackoff);
    }

    /** The same options with another backoff after failures that only time fixes. */
    public Options withRetryBackoff(RetryBackoff backoff) {
      return new Options(
          namespace,
          writeConcurrency,
          clock,
          leaderElection,
          maxSecretBytes,
          tokenDirectories,
          backoff);
    }
  }

  /**
   * Leader election on the Lease {@code leaseName}: the holder reconciles, the others wait ready
   * and take over when the Lease is not renewed for {@code leaseDuration}, or at once when the
   * holder releases it on {@link #close()}.
   */
  public record Election(String leaseName, String identity, Duration leaseDuration) {}

  private final Operator operator;
  private final SecretFanOut fanOut;
  private final SourceSessions sessions;
  private final Timers timers;
  private final AgentMetrics metrics;
  private final Optional<LeaseRelease> leaseRelease;
  private final Leadership leadership;

  private Agent(
      Operator operator,
      SecretFanOut fanOut,
      SourceSessions sessions,
      Timers timers,
      AgentMetrics metrics,
      Optional<LeaseRelease> leaseRelease,
      Leadership leadership) {
    this.operator = operator;
    this.metrics = metrics;
    this.timers = timers;
    this.fanOut = fanOut;
    this.sessions = sessions;
    this.leaseRelease = leaseRelease;
    this.leadership = leadership;
  }

  /**
   * This replica's part in leader election: whether it leads, and whether it stopped leading while
   * running (the Lease was not renewed in time, or another replica took it), which is news, rather
   * than because {@link #close()} stopped the election, which is not.
   */
  private static final class Leadership {
    private final AtomicBoolean leading;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> lost = new CompletableFuture<>();

    Leadership(boolean leading) {
      this.leading = new AtomicBoolean(leading);
    }

    void started(String identity) {
      leading.set(true);
      LOG.info("{} now leads; reconciling", identity);
    }

    void stopped(String identity) {
      leading.set(false);
      if (!closing.get() && lost.complete(null)) {
        LOG.error("{} stopped leading while running: the Lease was not renewed in time", identity);
      }
    }
  }

  /** Starts the reconcilers; returns once their watches are synced. */
  public static Agent start(KubernetesClient client, SourceFactories factories, Options options) {
    Clock clock = options.clock();
    RetryBackoff backoff = options.retryBackoff();
    AgentMetrics metrics = new AgentMetrics();
    Leadership leadership = new Leadership(options.leaderElection().isEmpty());
    metrics.leader(leadership.leading::get);
    CredentialChanges changes = new CredentialChanges();
    Timers timers = Timers.onThread(clock);
    CredentialCache cache = new CredentialCache(clock, timers, metrics, changes::syncsChanged);
    ProjectedTokens tokens = new ProjectedTokens(options.tokenDirectories());
    SourceSessions sessions =
        new SourceSessions(
            factories,
            source ->
                new KubernetesSourceContext(
                    clock,
                    new KubernetesClusterSecrets(client, options.namespace(), source),
                    tokens,
                    source,
                    () -> cache.markStale(source)),
            metrics,
            clock,
            backoff);
    SecretFanOut fanOut = new SecretFanOut(client, options.writeConcurrency());
    EventRecorder events = new EventRecorder(client, clock);
    ServiceAccountWriter accounts = new ServiceAccountWriter(client);

    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics.registry()));
              options
                  .leaderElection()
                  .map(election -> leaseConfiguration(election, options.namespace(), leadership))
                  .ifPresent(overrider::withLeaderElectionConfiguration);
            });
    operator.register(new CredentialSourceReconciler(sessions, events, clock, backoff));
    operator.register(
        new PullSecretSyncReconciler(
            sessions,
            cache,
            changes,
            fanOut,
            accounts,
            new SyncCleanup(client, fanOut, accounts, metrics),
            events,
            metrics,
            clock,
            options.maxSecretBytes(),
            backoff));
    operator.start();
    Optional<LeaseRelease> leaseRelease =
        options
            .leaderElection()
            .map(election -> new LeaseRelease(client, options.namespace(), election));
    return new Agent(operator, fanOut, sessions, timers, metrics, leaseRelease, leadership);
  }

  /** The agent's metrics, served on {@code /metrics}. */
  public AgentMetrics metrics() {
    return metrics;
  }

  /** True once the reconcilers run; the readiness probe. */
  public boolean isStarted() {
    return operator.getRuntimeInfo().isStarted();
  }

  /**
   * True while every watch of the leader is connected; the liveness probe. A standby has no watches
   * running and is healthy while it waits.
   */
  public boolean isHealthy() {
    return !leadership.leading.get() || operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /**
   * Completes when this replica stops leading while it runs, never because of {@link #close()}.
   * Java Operator SDK would go on reconciling without the Lease, so whoever runs the agent must
   * then close it; {@code pullwarden run} exits non-zero and Kubernetes restarts it as a standby.
   */
  public CompletionStage<Void> lostLeadership() {
    return leadership.lost.minimalCompletionStage();
  }

  /**
   * Java Operator SDK's configuration of the election. The last argument is its {@code
   * exitOnStopLeading}, false: with true JOSDK calls {@code System.exit(1)} whenever this replica
   * stops leading, including when {@link #close()} stops the election, which in a JVM already
   * shutting down (SIGTERM) blocks the closing thread for good, so neither the Lease's release nor
   * anything else after it would run. A loss while running is reported through {@link
   * #lostLeadership()} instead.
   */
  private static LeaderElectionConfiguration leaseConfiguration(
      Election election, String namespace, Leadership leadership) {
    return new LeaderElectionConfiguration(
        election.leaseName(),
        namespace,
        election.leaseDuration(),
        election.leaseDuration().multipliedBy(2).dividedBy(3),
        election.leaseDuration().dividedBy(5),
        election.identity(),
        new LeaderCallbacks(
            () -> leadership.started(election.identity()),
            () -> leadership.stopped(election.identity()),
            leader -> LOG.info("the leader is {}", leader)),
        false);
  }

  /**
   * Stops the reconcilers and the election, lets the Secret writes in flight finish, then releases
   * the Lease if this replica holds it, so a standby takes over at once. The caller closes the
   * client afterwards: the release goes out on it.
   */
  @Override
  public void close() {
    leadership.closing.set(true);
    operator.stop();
    timers.close();
    fanOut.close();
    leaseRelease.ifPresent(LeaseRelease::release);
    sessions.close();
  }
}
