package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Where a pass's Events go: the API server ({@link EventRecorder}) in the agent, a list in unit
 * tests. Posting never fails the caller.
 */
interface Events {

  /** A Normal Event about {@code about}. */
  void normal(HasMetadata about, String reason, String message);

  /** A Warning Event about {@code about}. */
  void warning(HasMetadata about, String reason, String message);
}
