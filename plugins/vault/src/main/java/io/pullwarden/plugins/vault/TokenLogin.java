package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.util.List;

/**
 * A Vault token kept in a Secret, for the simplest set-ups and for tests. "Logging in" reads the
 * Secret again and asks Vault about the token ({@code lookup-self}), so replacing the Secret's
 * token is the way to rotate it, and a token Vault does not accept fails here rather than on the
 * first read.
 */
record TokenLogin(SecretKeyRef secret) implements VaultLogin {

  private static final List<String> FIELDS = List.of("secretRef");

  static TokenLogin parse(Settings settings) throws SourceException.InvalidConfig {
    SettingsCheck.onlyKnown(settings, FIELDS);
    return new TokenLogin(SecretKeyRef.parse(settings.requiredObject("secretRef")));
  }

  @Override
  public TokenGrant login(VaultGateway gateway, SourceContext context) throws SourceException {
    String token = secret.read(context);
    try {
      return gateway.lookupSelf(token);
    } catch (VaultFailure failure) {
      throw FailureMapping.forLogin(failure, gateway.address(), describe());
    }
  }

  @Override
  public String describe() {
    return "the token in Secret " + secret.name() + " (key '" + secret.key() + "')";
  }
}
