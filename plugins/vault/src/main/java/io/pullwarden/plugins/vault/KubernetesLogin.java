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
 * rotates it. The default is the token the chart projects for Vault, never the agent's own API
 * token, which the agent refuses to send to any store (it could read every Secret in the cluster).
 */
record KubernetesLogin(String mount, String role, Path tokenPath) implements VaultLogin {

  static final String DEFAULT_MOUNT = "kubernetes";
  static final Path DEFAULT_TOKEN_PATH = Path.of("/var/run/secrets/pullwarden/tokens/vault/token");
  private static final List<String> FIELDS = List.of("role", "mount", "tokenPath");

  static KubernetesLogin parse(Settings settings) throws SourceException.InvalidConfig {
    SettingsCheck.onlyKnown(settings, FIELDS);
    String role = settings.requiredString("role");
    String mount =
        SettingsCheck.vaultPath(settings, "mount", settings.string("mount").orElse(DEFAULT_MOUNT));
    String tokenPath = settings.string("tokenPath").orElse(DEFAULT_TOKEN_PATH.toString());
    if (!tokenPath.startsWith("/")) {
      throw new SourceException.InvalidConfig(
          settings.field("tokenPath")
              + " must be an absolute file path, such as "
              + DEFAULT_TOKEN_PATH);
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
