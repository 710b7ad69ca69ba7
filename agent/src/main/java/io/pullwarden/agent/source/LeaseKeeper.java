package io.pullwarden.agent.source;

import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.Lease;
import io.pullwarden.plugin.LeaseControl;
import io.pullwarden.plugin.SourceException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps expiring credentials alive: renews a renewable lease at about two thirds of its TTL, asks
 * for a new credential when a lease cannot be renewed or reaches its maximum TTL and when a token
 * nears its expiry, and revokes a superseded lease after a grace period. It decides when; the
 * plugin's {@link LeaseControl} talks to the store.
 */
final class LeaseKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  /** What became of a credential the keeper watches. */
  interface Outcome {
    /** The lease was extended; the credential itself is unchanged. */
    void renewed(Credential updated);

    /** A new credential is needed now; {@code why} names the reason (no secret). */
    void expiring(String why);
  }

  private final Clock clock;
  private final Timers timers;
  private final DoubleSupplier jitter;
  private final AgentMetrics metrics;

  /**
   * @param jitter samples in [-1, 1] that spread renewals
   */
  LeaseKeeper(Clock clock, Timers timers, DoubleSupplier jitter, AgentMetrics metrics) {
    this.clock = clock;
    this.timers = timers;
    this.jitter = jitter;
    this.metrics = metrics;
  }

  /**
   * The next action planned for a credential: when it is due (none for a credential that does not
   * expire) and the timer that runs it, which {@link #cancel} stops.
   */
  record Planned(Optional<Instant> due, Timers.Scheduled timer) implements Timers.Scheduled {
    static final Planned NONE = new Planned(Optional.empty(), () -> {});

    @Override
    public void cancel() {
      timer.cancel();
    }
  }

  /** Plans the next action for {@code credential}: renewal, or a new fetch before it expires. */
  Planned plan(
      String source,
      Credential credential,
      LeasePolicy policy,
      Optional<LeaseControl> control,
      Outcome outcome) {
    if (credential.lease().isPresent()) {
      Lease lease = credential.lease().get();
      Instant when = RefreshSchedule.renewAt(lease, policy, jitter.getAsDouble());
      if (!lease.renewable() || control.isEmpty()) {
        return planned(
            source, when, () -> outcome.expiring("lease " + lease.id() + " is not renewable"));
      }
      return planned(source, when, () -> renew(source, credential, lease, control.get(), outcome));
    }
    if (credential.expiresAt().isPresent()) {
      Instant expiresAt = credential.expiresAt().get();
      Instant when = RefreshSchedule.refetchAt(clock.instant(), expiresAt, policy);
      return planned(source, when, () -> outcome.expiring("the token expires at " + expiresAt));
    }
    return Planned.NONE;
  }

  /** Schedules {@code task}; its log lines carry the source, as the reconcilers' do (MDC). */
  private Planned planned(String source, Instant when, Runnable task) {
    Runnable logged =
        () -> {
          try (var named = MDC.putCloseable("source", source)) {
            task.run();
          }
        };
    return new Planned(Optional.of(when), timers.at(when, logged));
  }

  /** Revokes the lease of a replaced credential once the grace period is over. */
  void retire(Credential superseded, LeasePolicy policy, Optional<LeaseControl> control) {
    if (!policy.revokeSuperseded() || superseded.lease().isEmpty() || control.isEmpty()) {
      return;
    }
    Lease lease = superseded.lease().get();
    timers.at(
        clock.instant().plus(policy.revokeGrace()),
        () -> {
          try {
            control.get().revoke(lease);
            LOG.info("revoked superseded lease {}", lease.id());
          } catch (SourceException e) {
            LOG.warn("could not revoke superseded lease {}: {}", lease.id(), e.getMessage());
          }
        });
  }

  private void renew(
      String source, Credential credential, Lease lease, LeaseControl control, Outcome outcome) {
    try {
      Lease renewed = control.renew(lease);
      boolean reissue = RefreshSchedule.mustReissue(lease.ttl(), renewed);
      metrics.leaseRenewal(source, reissue ? "max_ttl" : "renewed");
      if (reissue) {
        LOG.info(
            "lease {} reaches its maximum TTL ({} left); fetching a new credential",
            lease.id(),
            renewed.ttl());
        outcome.expiring("lease " + lease.id() + " reaches its maximum TTL");
      } else {
        LOG.debug("renewed lease {} for {}", lease.id(), renewed.ttl());
        outcome.renewed(credential.withLease(renewed));
      }
    } catch (SourceException | RuntimeException e) {
      metrics.leaseRenewal(source, "failed");
      // A SourceException's message is written to be shown; any other may hold a secret.
      LOG.warn(
          "could not renew lease {}: {}; fetching a new credential",
          lease.id(),
          e instanceof SourceException ? e.getMessage() : e.getClass().getName());
      outcome.expiring("renewing lease " + lease.id() + " failed");
    }
  }
}
