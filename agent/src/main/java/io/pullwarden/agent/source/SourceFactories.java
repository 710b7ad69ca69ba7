package io.pullwarden.agent.source;

import io.pullwarden.plugin.CredentialSourceFactory;
import java.util.Optional;
import java.util.Set;

/**
 * The source plugins the agent has, by {@code spec.type}. The PF4J plugin catalog is the production
 * implementation; tests hand in factories directly.
 */
public interface SourceFactories {

  /** The factory serving {@code type}, if a loaded plugin does. */
  Optional<CredentialSourceFactory> factory(String type);

  /** Every type served, for error messages that list what would have worked. */
  Set<String> types();
}
