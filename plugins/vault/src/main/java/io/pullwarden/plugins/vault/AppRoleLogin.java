package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.util.List;

/**
 * Vault's AppRole auth method, for agents that run where Vault cannot review Kubernetes tokens: the
 * role ID is configuration, the secret ID is a credential and so lives in a Secret in the agent's
 * namespace, read again on every login.
 */
record AppRoleLogin(String mount, String roleId, SecretKeyRef secretId) implements VaultLogin {

  static final String DEFAULT_MOUNT = "approle";
  private static final List<String> FIELDS = List.of("roleId", "secretIdRef", "mount");

  static AppRoleLogin parse(Settings settings) throws SourceException.InvalidConfig {
    SettingsCheck.onlyKnown(settings, FIELDS);
    String roleId = settings.requiredString("roleId");
    SecretKeyRef secretId = SecretKeyRef.parse(settings.requiredObject("secretIdRef"));
    String mount =
        SettingsCheck.vaultPath(settings, "mount", settings.string("mount").orElse(DEFAULT_MOUNT));
    return new AppRoleLogin(mount, roleId, secretId);
  }

  @Override
  public TokenGrant login(VaultGateway gateway, SourceContext context) throws SourceException {
    String secret = secretId.read(context);
    try {
      return gateway.loginAppRole(mount, roleId, secret);
    } catch (VaultFailure failure) {
      throw FailureMapping.forLogin(failure, gateway.address(), describe());
    }
  }

  @Override
  public String describe() {
    return "the appRole login (mount auth/" + mount + ", role ID '" + roleId + "')";
  }
}
