package io.pullwarden.agent.render;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.pullwarden.agent.Agent;
import io.pullwarden.agent.cli.RenderOptions;
import io.pullwarden.agent.cli.SecretRenderer;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.fanout.ManagedSecret;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.agent.plugins.PluginCatalog;
import io.pullwarden.agent.reconciler.RegistryCredentials;
import io.pullwarden.agent.reconciler.SyncBlocked;
import io.pullwarden.agent.reconciler.SyncSettings;
import io.pullwarden.agent.source.CredentialCache;
import io.pullwarden.agent.source.KubernetesSourceContext;
import io.pullwarden.agent.source.ProjectedTokens;
import io.pullwarden.agent.source.RetryBackoff;
import io.pullwarden.agent.source.SourceSessions;
import io.pullwarden.agent.source.Timers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pullwarden render -f FILE}: builds, for each PullSecretSync in the file, the Secret the
 * agent would write, using the same plugins, credential resolution and dockerconfigjson builder as
 * the agent, and prints it as YAML. No cluster is needed: Secrets the kubernetes-secret plugin
 * reads come from the file; other stores are contacted as the agent would.
 */
public final class SyncRenderer implements SecretRenderer {

  /** The namespace central Secrets without a namespace are taken to be in. */
  static final String DEFAULT_AGENT_NAMESPACE = "pullwarden-system";

  private static final Logger LOG = LoggerFactory.getLogger(SyncRenderer.class);

  @Override
  public int render(RenderOptions options, PrintStream out) {
    Manifests manifests;
    try {
      manifests = Manifests.read(options.file());
    } catch (IOException | IllegalArgumentException e) {
      LOG.error("{} is not a readable YAML file of manifests: {}", options.file(), e.getMessage());
      return 1;
    }
    if (manifests.syncs().isEmpty()) {
      LOG.error("{} holds no PullSecretSync; nothing to render", options.file());
      return 1;
    }
    Clock clock = Clock.systemUTC();
    AgentMetrics metrics = new AgentMetrics();
    ProjectedTokens tokens =
        new ProjectedTokens(List.of(Path.of(ProjectedTokens.DEFAULT_DIRECTORY)));
    int failures = 0;
    try (Timers timers = Timers.onThread(clock);
        PluginCatalog catalog =
            PluginCatalog.load(options.pluginsDirectory(), options.pluginLoadLimit());
        SourceSessions sessions =
            new SourceSessions(
                catalog,
                source ->
                    new KubernetesSourceContext(
                        clock,
                        new FileSecrets(manifests.secrets(), DEFAULT_AGENT_NAMESPACE, source),
                        tokens,
                        source,
                        () -> {}),
                metrics,
                clock,
                RetryBackoff.DEFAULT)) {
      RegistryCredentials credentials =
          new RegistryCredentials(
              sessions,
              new CredentialCache(clock, timers, metrics, changed -> {}),
              name -> Optional.ofNullable(manifests.sources().get(name)),
              Agent.Options.DEFAULT_MAX_SECRET_BYTES);
      for (PullSecretSync sync : manifests.syncs()) {
        try {
          SyncSettings settings = SyncSettings.parse(sync);
          out.print(yaml(settings, credentials.resolve(settings)));
        } catch (SyncBlocked blocked) {
          LOG.error(
              "PullSecretSync {} cannot be rendered ({}): {}",
              sync.getMetadata().getName(),
              blocked.reason(),
              blocked.getMessage());
          failures++;
        }
      }
    }
    return failures == 0 ? 0 : 1;
  }

  private static String yaml(SyncSettings settings, RegistryCredentials.Resolved resolved) {
    Secret secret =
        ManagedSecret.desired(
            settings.name(),
            settings.spec().getSecretName(),
            null,
            resolved.config(),
            settings.template());
    return "# Written by PullSecretSync "
        + settings.name()
        + " to every selected namespace\n"
        + Serialization.asYaml(secret);
  }
}
