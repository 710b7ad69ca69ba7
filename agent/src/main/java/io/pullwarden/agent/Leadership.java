package io.pullwarden.agent;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's part in leader election: whether it leads, and whether it stopped leading while
 * running (the Lease was not renewed in time, or another replica took it), which is news, rather
 * than because {@link Agent#close()} stopped the election, which is not.
 */
final class Leadership {

  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  private final AtomicBoolean leading;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Void> lost = new CompletableFuture<>();

  /**
   * @param leading true when there is no election and this replica always leads
   */
  Leadership(boolean leading) {
    this.leading = new AtomicBoolean(leading);
  }

  boolean leading() {
    return leading.get();
  }

  /** The election is being stopped on purpose: losing the Lease from now on is no news. */
  void closing() {
    closing.set(true);
  }

  /** Completes when this replica stops leading while running. */
  CompletionStage<Void> lost() {
    return lost.minimalCompletionStage();
  }

  /**
   * Java Operator SDK's configuration of {@code election} in {@code namespace}, reporting to this
   * object. The last argument is its {@code exitOnStopLeading}, false: with true JOSDK calls {@code
   * System.exit(1)} whenever this replica stops leading, including when {@link Agent#close()} stops
   * the election, which in a JVM already shutting down (SIGTERM) blocks the closing thread for
   * good, so neither the Lease's release nor anything else after it would run. A loss while running
   * is reported through {@link #lost()} instead.
   */
  LeaderElectionConfiguration configuration(Agent.Election election, String namespace) {
    return new LeaderElectionConfiguration(
        election.leaseName(),
        namespace,
        election.leaseDuration(),
        election.leaseDuration().multipliedBy(2).dividedBy(3),
        election.leaseDuration().dividedBy(5),
        election.identity(),
        new LeaderCallbacks(
            () -> started(election.identity()),
            () -> stopped(election.identity()),
            leader -> LOG.info("the leader is {}", leader)),
        false);
  }

  private void started(String identity) {
    leading.set(true);
    LOG.info("{} now leads; reconciling", identity);
  }

  private void stopped(String identity) {
    leading.set(false);
    if (!closing.get() && lost.complete(null)) {
      LOG.error("{} stopped leading while running: the Lease was not renewed in time", identity);
    }
  }
}
