package io.pullwarden.plugin.testkit;

import io.pullwarden.plugin.SourceContext;

/**
 * A {@link SourceContext} that lets {@link CredentialSourceConformance} see what a session did to
 * it: the watches it holds open and the changes it signalled. Two implementations: {@link
 * InMemorySourceContext} (Secrets in memory, for plugins whose store is not a Kubernetes Secret,
 * and for unit tests) and {@link TestSourceContext} (Secrets on a real API server).
 */
public interface ConformanceContext extends SourceContext {

  @Override
  SettableClock clock();

  /** Watches opened through {@link #secrets()} and not yet closed. */
  int openWatches();

  /** How many times a plugin called {@link #signalChange()} since this context was created. */
  int changeSignals();
}
