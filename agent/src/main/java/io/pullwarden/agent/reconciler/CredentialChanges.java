package io.pullwarden.agent.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.pullwarden.agent.customresource.PullSecretSync;
import java.util.Set;

/**
 * The event source through which a changed credential reaches every PullSecretSync that uses it:
 * the credential cache names the syncs, and each gets a reconcile now rather than at its next
 * refresh.
 */
public final class CredentialChanges {

  private final SimpleInboundEventSource<PullSecretSync> events =
      new SimpleInboundEventSource<>("credential-changes");

  /** Asks for a pass of each named sync. */
  public void syncsChanged(Set<String> syncs) {
    syncs.forEach(name -> events.propagateEvent(new ResourceID(name)));
  }

  SimpleInboundEventSource<PullSecretSync> eventSource() {
    return events;
  }
}
