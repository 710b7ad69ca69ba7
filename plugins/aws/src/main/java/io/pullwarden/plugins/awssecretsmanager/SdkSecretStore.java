package io.pullwarden.plugins.awssecretsmanager;

import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugins.aws.AwsCall;
import io.pullwarden.plugins.aws.AwsClients;
import io.pullwarden.plugins.aws.AwsFailures;
import io.pullwarden.plugins.aws.AwsLogin;
import io.pullwarden.plugins.aws.AwsSettings;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * {@link SecretStore} on the AWS SDK's Secrets Manager client, in the configured region and
 * endpoint, signed with the session's {@link AwsLogin}. A secret scheduled for deletion is reported
 * as not found, since it cannot be read until someone restores it.
 */
final class SdkSecretStore implements SecretStore {

  private final SecretsManagerClient client;
  private final String region;

  SdkSecretStore(AwsSettings settings, AwsLogin login) {
    this.client =
        AwsClients.build(
            SecretsManagerClient.builder(), settings, settings.endpoint(), login.credentials());
    this.region = settings.region().id();
  }

  @Override
  public SecretVersions describe(SecretRef ref) throws SourceException {
    try {
      DescribeSecretResponse response = client.describeSecret(b -> b.secretId(ref.secretId()));
      return new SecretVersions(response.versionIdsToStages(), response.deletedDate() != null);
    } catch (SdkException e) {
      throw failure(e, "DescribeSecret", ref);
    }
  }

  @Override
  public SecretValue value(SecretRef ref) throws SourceException {
    try {
      GetSecretValueResponse response =
          client.getSecretValue(
              b -> {
                b.secretId(ref.secretId());
                ref.versionId()
                    .ifPresentOrElse(b::versionId, () -> b.versionStage(ref.versionStage()));
              });
      return new SecretValue(
          response.versionId(),
          Optional.ofNullable(response.secretString()),
          Optional.ofNullable(response.secretBinary()).map(bytes -> bytes.asByteArray()));
    } catch (SdkException e) {
      throw failure(e, "GetSecretValue", ref);
    }
  }

  private SourceException failure(SdkException e, String operation, SecretRef ref) {
    String action = operation + " of secret '" + ref.secretId() + "' in " + region;
    if (e instanceof AwsServiceException service
        && service.awsErrorDetails() != null
        && "InvalidRequestException".equals(service.awsErrorDetails().errorCode())
        && String.valueOf(service.awsErrorDetails().errorMessage()).contains("deletion")) {
      return new SourceException.NotFound(
          action + ": the secret is scheduled for deletion; restore it or correct " + field(ref));
    }
    return AwsFailures.map(
        e,
        new AwsCall(
            action,
            "create the secret or correct " + field(ref),
            "allow secretsmanager:DescribeSecret and secretsmanager:GetSecretValue on it (and"
                + " kms:Decrypt on its key) for the source's identity"));
  }

  private static String field(SecretRef ref) {
    return ref.field("secretId");
  }

  @Override
  public void close() {
    client.close();
  }
}
