package io.pullwarden.plugin;

import org.pf4j.ExtensionPoint;

/**
 * The extension point a source plugin implements: one per kind of store. The agent finds
 * implementations with PF4J, keys them by {@link #type()} (the {@code spec.type} of a
 * CredentialSource), validates each CredentialSource's {@code spec.config} and opens one session
 * per CredentialSource. Two plugins that claim the same type stop the agent at start-up.
 *
 * <p>The constructor and {@link #type()} must return at once: a jar whose code takes longer than
 * the agent's load limit (10 s) is skipped. {@link #validate} and {@link #open} together must end
 * within the source's {@code spec.resilience.timeout}, as session calls do ({@link
 * CredentialSession}).
 */
public interface CredentialSourceFactory extends ExtensionPoint {

  /** The {@code spec.type} this factory serves, such as {@code vault}; lower-case, unique. */
  String type();

  /**
   * Checks {@code spec.config} without contacting the store. Problems name the field (for example
   * {@code spec.config.auth.kubernetes.role}) and say what to do.
   */
  Validation validate(Settings config);

  /**
   * Opens a session to the store: reads login material through the context, logs in if the store
   * needs it. Called again after the session reported {@link SourceException.AuthFailed}.
   *
   * @throws SourceException when the store cannot be reached or the login is refused
   */
  CredentialSession open(Settings config, SourceContext context) throws SourceException;
}
