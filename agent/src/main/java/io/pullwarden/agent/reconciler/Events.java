package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Where a pass's Events go: the API server ({@link EventRecorder}) in the agent, a list in unit
 * tests. Callers post on a change of state only (a rotation, a new problem, a recovery), never on
 * every pass; posting the same Event again (same object, type, reason and message) extends the
 * first one's series rather than adding another. Reasons are {@link io.pullwarden.agent.Reason}s.
 * Posting never fails the caller.
 */
interface Events {

  /** A Normal Event about {@code about}. */
  void normal(HasMetadata about, String reason, String message);

  /** A Warning Event about {@code about}. */
  void warning(HasMetadata about, String reason, String message);
}
