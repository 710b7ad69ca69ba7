package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceStatus;
import io.pullwarden.agent.source.BackoffRegistry;
import io.pullwarden.agent.source.RetryBackoff;
import io.pullwarden.agent.source.SourceHealth;
import io.pullwarden.agent.source.SourceSessions;
import io.pullwarden.plugin.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * Reports whether a CredentialSource works: its plugin exists, accepts the config, and the session
 * reaches the store, each within the source's time limit. The Ready condition names the field or
 * the failure, so a typo or a hung plugin in one source is visible on that source while every other
 * source and sync carries on. Ready follows the syncs' store calls too: when one changes the
 * source's state (see {@link SourceHealth}), the source is reconciled and reports it at once; calls
 * that change nothing cause no pass and no write. A plugin that times out or fails outside its
 * contract is checked again after the source's own backoff. A deleted source's session and metric
 * series are dropped when the syncs' watch of sources sees it go ({@link SyncTargets}): this
 * reconciler is not called for deletions, nor for its own status writes, so every pass here is a
 * spec change, a store call's news or a scheduled check.
 */
@ControllerConfiguration(name = CredentialSourceReconciler.NAME)
public final class CredentialSourceReconciler implements Reconciler<CredentialSource> {

  public static final String NAME = "credentialsource";
  static final Duration RECHECK_READY = Duration.ofMinutes(5);

  private final SourceSessions sessions;
  private final EventRecorder events;
  private final Clock clock;
  private final BackoffRegistry backoffs;
  private final SimpleInboundEventSource<CredentialSource> changes =
      new SimpleInboundEventSource<>("source-health");

  /**
   * @param backoff how long a source that is not ready waits before it is checked again, by checks
   *     in a row that found it not ready
   */
  public CredentialSourceReconciler(
      SourceSessions sessions, EventRecorder events, Clock clock, RetryBackoff backoff) {
    this.sessions = sessions;
    this.events = events;
    this.clock = clock;
    this.backoffs = BackoffRegistry.of(backoff);
    sessions.outcomes().onChange(name -> changes.propagateEvent(new ResourceID(name)));
  }

  @Override
  public UpdateControl<CredentialSource> reconcile(
      CredentialSource source, Context<CredentialSource> context) {
    try (var logged = MDC.putCloseable("source", source.getMetadata().getName())) {
      return check(source);
    }
  }

  @Override
  public List<EventSource<?, CredentialSource>> prepareEventSources(
      EventSourceContext<CredentialSource> context) {
    return List.of(changes);
  }

  /**
   * Reports what the syncs' latest store call showed when it changed the source's state, else opens
   * the session and asks the store itself.
   */
  private UpdateControl<CredentialSource> check(CredentialSource source) {
    String name = source.getMetadata().getName();
    SourceHealth outcomes = sessions.outcomes();
    long mark = outcomes.mark(name);
    SourceHealth.State found;
    try {
      sessions.session(source);
      Optional<SourceHealth.State> changed = outcomes.changed(name);
      if (changed.isPresent()) {
        return report(source, changed.get(), true);
      }
      found = sessions.assess(source);
    } catch (SourceException e) {
      found = SourceHealth.failed(e);
    }
    if (!found.ready() && Reason.SOURCE_AUTH_FAILED.toString().equals(found.reason())) {
      sessions.invalidate(name);
    }
    return report(source, outcomes.checked(name, found, mark), false);
  }

  /**
   * @param fromCalls true when {@code state} is what a sync's call to the store showed, false when
   *     it is the reconciler's own check (open and {@code health()})
   */
  private UpdateControl<CredentialSource> report(
      CredentialSource source, SourceHealth.State state, boolean fromCalls) {
    String name = source.getMetadata().getName();
    Duration recheck;
    if (state.ready()) {
      // A healthy store says little when a sync's call just failed (one ref may fail while the
      // store answers its health check): only a call that worked, or a second Ready check in a
      // row, starts the backoff over. Otherwise a source would turn Ready, wake its syncs, fail
      // again and be checked after the shortest wait, for ever.
      if (fromCalls || StatusConditions.isTrue(source.getStatus(), StatusConditions.READY)) {
        backoffs.succeeded(name);
      }
      recheck = RECHECK_READY;
    } else {
      recheck = backoffs.failed(name);
    }
    return report(source, state.ready(), state.reason(), state.message(), recheck);
  }

  private UpdateControl<CredentialSource> report(
      CredentialSource source, boolean ready, String reason, String message, Duration recheck) {
    CredentialSourceStatus stored = source.getStatus();
    CredentialSourceStatus status =
        stored == null ? new CredentialSourceStatus() : Serialization.clone(stored);
    long generation = Objects.requireNonNullElse(source.getMetadata().getGeneration(), 0L);
    Instant now = clock.instant();
    Condition before = StatusConditions.get(status, StatusConditions.READY);
    StatusConditions.settle(status, ready, reason, message, generation, now);
    status.setObservedGeneration(generation);
    boolean transition =
        before == null
            || !before.getStatus().equals(ready ? "True" : "False")
            || !Objects.equals(
                before.getMessage(),
                StatusConditions.get(status, StatusConditions.READY).getMessage());
    if (transition) {
      if (ready) {
        // Ready is a condition's state, not something that happened: the Event says the source
        // became ready.
        events.normal(source, Reason.SOURCE_READY.toString(), message);
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
}
