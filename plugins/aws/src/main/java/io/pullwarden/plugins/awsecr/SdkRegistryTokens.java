package io.pullwarden.plugins.awsecr;

import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugins.aws.AwsCall;
import io.pullwarden.plugins.aws.AwsClients;
import io.pullwarden.plugins.aws.AwsFailures;
import io.pullwarden.plugins.aws.AwsLogin;
import io.pullwarden.plugins.aws.AwsSettings;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * {@link RegistryTokens} on the AWS SDK's ECR client, in the configured region and endpoint, signed
 * with the session's {@link AwsLogin}. Asks for the ref's registry id when there is one (ECR then
 * answers that registry's proxy endpoint; the token itself is valid for every registry the identity
 * may read).
 */
final class SdkRegistryTokens implements RegistryTokens {

  private final EcrClient client;
  private final String region;

  SdkRegistryTokens(AwsSettings settings, AwsLogin login) {
    this.client =
        AwsClients.build(EcrClient.builder(), settings, settings.endpoint(), login.credentials());
    this.region = settings.region().id();
  }

  @Override
  public AuthorizationData authorize(EcrRef ref) throws SourceException {
    String action = "GetAuthorizationToken for " + ref.describe() + " in " + region;
    List<software.amazon.awssdk.services.ecr.model.AuthorizationData> answers;
    try {
      answers =
          client
              .getAuthorizationToken(b -> ref.registryId().ifPresent(id -> b.registryIds(id)))
              .authorizationData();
    } catch (SdkException e) {
      throw AwsFailures.map(
          e,
          new AwsCall(
              action,
              "correct " + ref.path() + ".registryId",
              "allow ecr:GetAuthorizationToken for the source's identity, and"
                  + " ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on the repositories"));
    }
    var data =
        answers.stream()
            .filter(
                a ->
                    ref.registryId().isEmpty()
                        || RegistryLogin.host(String.valueOf(a.proxyEndpoint()))
                            .startsWith(ref.registryId().get() + "."))
            .findFirst()
            .or(() -> answers.stream().findFirst())
            .orElseThrow(
                () ->
                    new SourceException.Transient(
                        action + " returned no authorization data", null));
    if (data.authorizationToken() == null || data.proxyEndpoint() == null) {
      throw new SourceException.Transient(
          action + " returned authorization data without a token or proxy endpoint", null);
    }
    return new AuthorizationData(
        data.authorizationToken(), Optional.ofNullable(data.expiresAt()), data.proxyEndpoint());
  }

  @Override
  public void close() {
    client.close();
  }
}
