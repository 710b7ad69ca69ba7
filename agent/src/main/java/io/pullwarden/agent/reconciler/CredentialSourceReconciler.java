package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceStatus;
import io.pullwarden.agent.source.BackoffRegistry;
import io.pullwarden.agent.source.PluginFault;
import io.pullwarden.agent.source.RetryBackoff;
import io.pullwarden.agent.source.SourceSessions;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * Reports whether a CredentialSource works: its plugin exists, accepts the config, and the session
 * reaches the store, each within the source's time limit. The Ready condition names the field or
 * the failure, so a typo or a hung plugin in one source is visible on that source while every other
 * source and sync carries on. A plugin that times out or fails outside its contract is checked
 * again after the source's own backoff.
 */
@ControllerConfiguration(name = CredentialSourceReconciler.NAME)
public final class CredentialSourceReconciler implements Reconciler<CredentialSource> {

  public static final String NAME = "credentialsource";
  static final Duration RECHECK_READY = Duration.ofMinutes(5);
  static final Duration RECHECK_NOT_READY = Duration.ofSeconds(30);

  private final SourceSessions sessions;
  private final EventRecorder events;
  private final Clock clock;
  private final BackoffRegistry backoffs;

  /**
   * @param backoff how long a source waits after its plugin failed or timed out
   */
  public CredentialSourceReconciler(
      SourceSessions sessions, EventRecorder events, Clock clock, RetryBackoff backoff) {
    this.sessions = sessions;
    this.events = events;
    this.clock = clock;
    this.backoffs = BackoffRegistry.of(backoff);
  }

  @Override
  public UpdateControl<CredentialSource> reconcile(
      CredentialSource source, Context<CredentialSource> context) {
    try (var logged = MDC.putCloseable("source", source.getMetadata().getName())) {
      return check(source);
    }
  }

  private UpdateControl<CredentialSource> check(CredentialSource source) {
    String name = source.getMetadata().getName();
    Health health;
    try {
      health = sessions.health(source);
    } catch (SourceException e) {
      if (e instanceof SourceException.AuthFailed) {
        sessions.invalidate(name);
      }
      Optional<PluginFault> fault = PluginFault.in(e);
      if (fault.isPresent()) {
        return report(source, false, fault.get().reason(), e.getMessage(), backoffs.failed(name));
      }
      return report(source, false, reasonFor(e), e.getMessage(), RECHECK_NOT_READY);
    }
    backoffs.succeeded(name);
    return switch (health.state()) {
      case READY ->
          report(
              source,
              true,
              "Ready",
              "the plugin accepted the config and reached the store",
              RECHECK_READY);
      case UNKNOWN -> report(source, false, "Unknown", health.message(), RECHECK_NOT_READY);
      case ERROR -> report(source, false, "Unhealthy", health.message(), RECHECK_NOT_READY);
    };
  }

  private UpdateControl<CredentialSource> report(
      CredentialSource source, boolean ready, String reason, String message, Duration recheck) {
    CredentialSourceStatus stored = source.getStatus();
    CredentialSourceStatus status =
        stored == null ? new CredentialSourceStatus() : Serialization.clone(stored);
    long generation = Objects.requireNonNullElse(source.getMetadata().getGeneration(), 0L);
    Instant now = clock.instant();
    Condition before = StatusConditions.get(status, StatusConditions.READY);
    StatusConditions.set(status, StatusConditions.READY, ready, reason, message, generation, now);
    status.setObservedGeneration(generation);
    boolean transition =
        before == null
            || !before.getStatus().equals(ready ? "True" : "False")
            || !Objects.equals(
                before.getMessage(),
                StatusConditions.get(status, StatusConditions.READY).getMessage());
    if (transition) {
      if (ready) {
        events.normal(source, reason, message);
      } else {
        events.warning(source, reason, message);
      }
    }
    if (stored != null && Serialization.asJson(stored).equals(Serialization.asJson(status))) {
      return UpdateControl.<CredentialSource>noUpdate().rescheduleAfter(recheck);
    }
    // Only the status, without the resourceVersion a stale copy would carry (see SyncReport).
    CredentialSource patch = new CredentialSource();
    patch.getMetadata().setName(source.getMetadata().getName());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch).rescheduleAfter(recheck);
  }

  private static String reasonFor(SourceException e) {
    return switch (e) {
      case SourceException.InvalidConfig invalid -> "InvalidConfig";
      case SourceException.AuthFailed authFailed -> "AuthFailed";
      case SourceException.NotFound notFound -> "NotFound";
      case SourceException.Transient unavailable -> "Unavailable";
    };
  }
}
