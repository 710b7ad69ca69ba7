package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.Validation;
import java.net.http.HttpClient;
import org.pf4j.Extension;

/**
 * Serves CredentialSources of {@code type: vault}, for HashiCorp Vault and OpenBao alike (they
 * speak the same HTTP API). Opening a session builds the HTTP client from the TLS settings and logs
 * in at once, so a wrong address, CA or role shows up on the CredentialSource's status rather than
 * on the first sync.
 */
@Extension
public final class VaultSourceFactory implements CredentialSourceFactory {

  /** The {@code spec.type} this plugin serves. */
  public static final String TYPE = "vault";

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
    HttpClient http = TlsTrust.httpClient(source.address(), source.tls(), context);
    VaultGateway gateway;
    try {
      gateway = new DriverGateway(source.address(), source.namespace(), http);
    } catch (VaultFailure e) {
      http.shutdownNow();
      throw new SourceException.InvalidConfig(
          "cannot set up a Vault client for " + config.field("address") + ": " + e.getMessage());
    }
    return open(source, gateway, context);
  }

  /** Logs in through {@code gateway}; tests pass a fake one. */
  static VaultSession open(SourceConfig source, VaultGateway gateway, SourceContext context)
      throws SourceException {
    try {
      TokenKeeper keeper = TokenKeeper.start(gateway, source.login(), context);
      return new VaultSession(gateway, keeper, context, source.login().describe());
    } catch (SourceException | RuntimeException e) {
      gateway.close();
      throw e;
    }
  }
}
