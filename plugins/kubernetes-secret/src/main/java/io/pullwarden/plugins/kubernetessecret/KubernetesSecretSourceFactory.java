package io.pullwarden.plugins.kubernetessecret;

import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.Validation;
import org.pf4j.Extension;

/**
 * Serves CredentialSources of {@code type: kubernetes-secret}: the credentials are Secrets in one
 * namespace of the cluster the agent runs in. Opening a session contacts nothing, because the agent
 * already reads Secrets from its cache; the session only remembers the namespace.
 */
@Extension
public final class KubernetesSecretSourceFactory implements CredentialSourceFactory {

  /** The {@code spec.type} this plugin serves. */
  public static final String TYPE = "kubernetes-secret";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Validation validate(Settings config) {
    return Validation.of(SourceConfig.problems(config));
  }

  @Override
  public CredentialSession open(Settings config, SourceContext context) throws SourceException {
    SourceConfig source = SourceConfig.parse(config);
    String namespace = source.namespace().orElse(context.secrets().agentNamespace());
    return new KubernetesSecretSession(namespace, context);
  }
}
