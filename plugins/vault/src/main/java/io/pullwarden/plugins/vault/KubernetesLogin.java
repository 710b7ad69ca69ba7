package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Vault's Kubernetes auth method: the agent presents a projected ServiceAccount token with Vault's
 * own audience, and Vault checks it with a TokenReview against the cluster's API server. No secret
 * is stored anywhere; the token is read from {@code tokenPath} on every login because the kubelet
 * rotates it. The default, {@code token}, is the token the chart projects for this source in its
 * own directory; the agent refuses any other source's token and its own API token, which could read
 * every Secret in the cluster.
 */
record KubernetesLogin(String mount, String role, Path tokenPath) implements VaultLogin {

  static final String DEFAULT_MOUNT = "kubernetes";

  /** Relative: the agent reads it in this source's own projected-token directory. */
  static final Path DEFAULT_TOKEN_PATH = Path.of("token");

  private static final List<String> FIELDS = List.of("role", "mount", "tokenPath");

  static KubernetesLogin parse(Settings settings) throws SourceException.InvalidConfig {
    SettingsCheck.onlyKnown(settings, FIELDS);
    String role = settings.requiredString("role");
    String mount =
        SettingsCheck.vaultPath(settings, "mount", settings.string("mount").orElse(DEFAULT_MOUNT));
    String tokenPath = settings.string("tokenPath").orElse(DEFAULT_TOKEN_PATH.toString());
    if (tokenPath.isBlank() || tokenPath.contains("..")) {
      throw new SourceException.InvalidConfig(
          settings.field("tokenPath")
              + " must be a file path without '..', such as token (in the source's own"
              + " projected-token directory) or an absolute path inside it");
    }
    try {
      return new KubernetesLogin(mount, role, Path.of(tokenPath));
    } catch (InvalidPathException e) {
      throw new SourceException.InvalidConfig(
          settings.field("tokenPath") + " is not a file path: " + e.getReason());
    }
  }

  @Override
  public TokenGrant login(VaultGateway gateway, SourceContext context) throws SourceException {
    String jwt = context.serviceAccountToken(tokenPath);
    try {
      return gateway.loginKubernetes(mount, role, jwt);
    } catch (VaultFailure failure) {
      throw FailureMapping.forLogin(failure, gateway.address(), describe());
    }
  }

  @Override
  public String describe() {
    return "the kubernetes login (mount auth/" + mount + ", role '" + role + "')";
  }
}
