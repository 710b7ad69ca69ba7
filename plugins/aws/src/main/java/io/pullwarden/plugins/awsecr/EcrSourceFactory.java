package io.pullwarden.plugins.awsecr;

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
 * Serves CredentialSources of {@code type: aws-ecr}: pull credentials for Amazon ECR registries,
 * which are 12 hour tokens rather than stored secrets. Opening a session resolves the AWS identity
 * once, so a broken login is reported on the CredentialSource.
 */
@Extension
public final class EcrSourceFactory implements CredentialSourceFactory {

  /** The {@code spec.type} this plugin serves. */
  public static final String TYPE = "aws-ecr";

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
            new EcrSession(
                new SdkRegistryTokens(settings, login),
                context.clock(),
                login,
                settings.region().id()));
  }
}
