package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.util.List;

/**
 * One way of getting a Vault token, as configured under {@code spec.config.auth}. Each auth method
 * is one small class implementing this interface (as Vault Secrets Operator does), reading its
 * login material fresh from the {@link SourceContext} on every login, so a rotated ServiceAccount
 * token, secret ID or token Secret is picked up by the next login without a restart.
 */
interface VaultLogin {

  /** The auth methods, as the keys of {@code spec.config.auth}. */
  List<String> METHODS = List.of("kubernetes", "appRole", "token");

  /**
   * Logs in and returns the new token; for a static token, checks it and returns what Vault knows
   * of it.
   *
   * @throws SourceException {@code AuthFailed} when Vault refuses, {@code Transient} when it cannot
   *     answer, {@code InvalidConfig} when login material is missing
   */
  TokenGrant login(VaultGateway gateway, SourceContext context) throws SourceException;

  /** The login in words, for messages: method, mount and role; never a secret. */
  String describe();

  /** The one auth method {@code auth} configures. */
  static VaultLogin parse(Settings auth) throws SourceException.InvalidConfig {
    SettingsCheck.onlyKnown(auth, METHODS);
    String method = SettingsCheck.exactlyOne(auth, METHODS);
    Settings settings = auth.requiredObject(method);
    return switch (method) {
      case "kubernetes" -> KubernetesLogin.parse(settings);
      case "appRole" -> AppRoleLogin.parse(settings);
      default -> TokenLogin.parse(settings);
    };
  }
}
