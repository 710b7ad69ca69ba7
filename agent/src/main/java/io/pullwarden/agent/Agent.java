package io.pullwarden.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.pullwarden.agent.fanout.SecretFanOut;
import io.pullwarden.agent.fanout.ServiceAccountWriter;
import io.pullwarden.agent.reconciler.CredentialChanges;
import io.pullwarden.agent.reconciler.CredentialSourceReconciler;
import io.pullwarden.agent.reconciler.EventRecorder;
import io.pullwarden.agent.reconciler.PullSecretSyncReconciler;
import io.pullwarden.agent.source.CredentialCache;
import io.pullwarden.agent.source.KubernetesClusterSecrets;
import io.pullwarden.agent.source.KubernetesSourceContext;
import io.pullwarden.agent.source.SourceFactories;
import io.pullwarden.agent.source.SourceSessions;
import io.pullwarden.agent.source.Timers;
import java.time.Clock;

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
   */
  public record Options(String namespace, int writeConcurrency, Clock clock) {
    public static Options defaults(String namespace) {
      return new Options(namespace, 16, Clock.systemUTC());
    }
  }

  private final Operator operator;
  private final SecretFanOut fanOut;
  private final SourceSessions sessions;
  private final Timers timers;

  private Agent(Operator operator, SecretFanOut fanOut, SourceSessions sessions, Timers timers) {
    this.operator = operator;
    this.timers = timers;
    this.fanOut = fanOut;
    this.sessions = sessions;
  }

  /** Starts the reconcilers; returns once their watches are synced. */
  public static Agent start(KubernetesClient client, SourceFactories factories, Options options) {
    Clock clock = options.clock();
    CredentialChanges changes = new CredentialChanges();
    Timers timers = Timers.onThread(clock);
    CredentialCache cache = new CredentialCache(clock, timers, changes::syncsChanged);
    KubernetesClusterSecrets secrets = new KubernetesClusterSecrets(client, options.namespace());
    SourceSessions sessions =
        new SourceSessions(
            factories,
            source -> new KubernetesSourceContext(clock, secrets, () -> cache.markStale(source)));
    SecretFanOut fanOut = new SecretFanOut(client, options.writeConcurrency());
    EventRecorder events = new EventRecorder(client, clock);

    Operator operator =
        new Operator(
            overrider -> overrider.withKubernetesClient(client).withCloseClientOnStop(false));
    operator.register(new CredentialSourceReconciler(sessions, events, clock));
    operator.register(
        new PullSecretSyncReconciler(
            sessions, cache, changes, fanOut, new ServiceAccountWriter(client), events, clock));
    operator.start();
    return new Agent(operator, fanOut, sessions, timers);
  }

  /** True once the reconcilers run; the readiness probe. */
  public boolean isStarted() {
    return operator.getRuntimeInfo().isStarted();
  }

  /** True while every watch is connected; the liveness probe. */
  public boolean isHealthy() {
    return operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    operator.stop();
    timers.close();
    fanOut.close();
    sessions.close();
  }
}
