package io.pullwarden.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.pullwarden.agent.fanout.SecretFanOut;
import io.pullwarden.agent.fanout.ServiceAccountWriter;
import io.pullwarden.agent.fanout.SyncCleanup;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.agent.reconciler.CredentialChanges;
import io.pullwarden.agent.reconciler.CredentialSourceReconciler;
import io.pullwarden.agent.reconciler.EventRecorder;
import io.pullwarden.agent.reconciler.PullSecretSyncReconciler;
import io.pullwarden.agent.registry.HttpRegistryCheck;
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
import java.util.concurrent.CompletionStage;

/**
 * The running agent: the two reconcilers on Java Operator SDK, wired to the plugin sessions, the
 * shared credential cache and the fan-out. The CLI's {@code run} starts one; integration tests
 * start one in-process against the test API server.
 */
public final class Agent implements AutoCloseable {

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
   * @param identity this replica's name: its holder identity in the Lease and the {@code
   *     reportingInstance} of its Events (the pod name in a cluster)
   */
  public record Options(
      String namespace,
      int writeConcurrency,
      Clock clock,
      Optional<Election> leaderElection,
      int maxSecretBytes,
      List<Path> tokenDirectories,
      RetryBackoff retryBackoff,
      String identity) {

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
          RetryBackoff.DEFAULT,
          ReplicaIdentity.fromEnvironment());
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
          retryBackoff,
          identity);
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
          retryBackoff,
          identity);
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
          retryBackoff,
          identity);
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
          backoff,
          identity);
    }

    /** The same options under another replica name (Lease holder, Events' reportingInstance). */
    public Options withIdentity(String name) {
      return new Options(
          namespace,
          writeConcurrency,
          clock,
          leaderElection,
          maxSecretBytes,
          tokenDirectories,
          retryBackoff,
          name);
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

  /** Starts the reconcilers; returns once their watches are synced. */
  public static Agent start(KubernetesClient client, SourceFactories factories, Options options) {
    Clock clock = options.clock();
    RetryBackoff backoff = options.retryBackoff();
    AgentMetrics metrics = new AgentMetrics();
    Leadership leadership = new Leadership(options.leaderElection().isEmpty());
    metrics.leader(leadership::leading);
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
    EventRecorder events = EventRecorder.onApiServer(client, clock, options.identity());
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
                  .map(election -> leadership.configuration(election, options.namespace()))
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
            backoff,
            new HttpRegistryCheck()));
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
    return !leadership.leading() || operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /**
   * Completes when this replica stops leading while it runs, never because of {@link #close()}.
   * Java Operator SDK would go on reconciling without the Lease, so whoever runs the agent must
   * then close it; {@code pullwarden run} exits non-zero and Kubernetes restarts it as a standby.
   */
  public CompletionStage<Void> lostLeadership() {
    return leadership.lost();
  }

  /**
   * Stops the reconcilers and the election, lets the Secret writes in flight finish, then releases
   * the Lease if this replica holds it, so a standby takes over at once. The caller closes the
   * client afterwards: the release goes out on it.
   */
  @Override
  public void close() {
    leadership.closing();
    operator.stop();
    timers.close();
    fanOut.close();
    leaseRelease.ifPresent(LeaseRelease::release);
    sessions.close();
  }
}
