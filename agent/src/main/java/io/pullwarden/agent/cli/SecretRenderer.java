package io.pullwarden.agent.cli;

import java.io.PrintStream;

/**
 * The engine behind {@code pullwarden render -f FILE}: reads CredentialSource and PullSecretSync
 * manifests from a file, fetches the credentials through the plugins and prints the Secret YAML a
 * sync would write, without a cluster. Found with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/io.pullwarden.agent.cli.SecretRenderer} entry), like {@link AgentRunner}.
 */
public interface SecretRenderer {

  /**
   * Renders the Secrets for the manifests in {@code options.file()} to {@code out}. Errors go to
   * the log (stderr), never to {@code out}, so that the output stays valid YAML.
   *
   * @return the process exit code: 0 when every Secret was rendered
   */
  int render(RenderOptions options, PrintStream out);
}
