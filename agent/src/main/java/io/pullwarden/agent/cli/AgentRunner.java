package io.pullwarden.agent.cli;

/**
 * The agent itself, behind {@code pullwarden run}: watches CredentialSources and PullSecretSyncs
 * and keeps the pull Secrets in sync until the process is told to stop. The CLI finds the
 * implementation with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/io.pullwarden.agent.cli.AgentRunner} entry), so the command line does not
 * depend on the reconcilers and both can change without touching the other.
 */
public interface AgentRunner {

  /**
   * Runs the agent until shutdown. Logging is already configured (JSON, at the requested level)
   * when this is called.
   *
   * @return the process exit code: 0 after a clean shutdown
   */
  int run(RunOptions options);
}
