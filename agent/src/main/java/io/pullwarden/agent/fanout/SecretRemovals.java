package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Collection;
import java.util.List;

/**
 * How {@link SyncCleanup} removes Secrets once they are detached: {@link SecretFanOut} in the
 * agent, a recording fake in unit tests that check the order of detach and delete.
 */
public interface SecretRemovals {

  /** Deletes the Secrets; returns the namespaces where that failed. */
  List<NamespaceOutcome> delete(Collection<Secret> secrets);

  /** Releases the Secrets (deletionPolicy Retain); returns the namespaces where that failed. */
  List<NamespaceOutcome> release(Collection<Secret> secrets);
}
