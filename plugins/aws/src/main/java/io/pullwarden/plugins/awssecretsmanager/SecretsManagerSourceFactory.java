package io.pullwarden.plugins.awssecretsmanager;

import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.Validation;
import io.pullwarden.plugins.aws.AwsLogin;
import io.pullwarden.plugins.aws.AwsSettings;
import org.pf4j.Extension;

/**
 * Serves CredentialSources of {@code type: aws-secrets-manager}: registry credentials kept in AWS
 * Secrets Manager. Opening a session resolves the AWS identity once (reading the access-key Secret,
 * assuming the role), so a broken login is reported on the CredentialSource rather than on every
 * sync that uses it.
 */
@Extension
public final class SecretsManagerSourceFactory implements CredentialSourceFactory {

  /** The {@code spec.type} this plugin serves. */
  public static final String TYPE = "aws-secrets-manager";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Validation validate(Settings config) {
    return Validation.of(AwsSettings.problems(config, TYPE));
  }

  @Override
  public CredentialSession open(Settings config, SourceContext context) throws SourceException {
    return AwsLogin.openSession(
        config,
        context,
        TYPE,
        (settings, login) ->
            new SecretsManagerSession(
                new SdkSecretStore(settings, login), login, settings.region().id()));
  }
}
