package io.pullwarden.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

@ExtendWith(MotoExtension.class)
class MotoServerIT {

  private static final String SECRET = "pullwarden/smoke/registry";

  @Test
  void putSecretValueMovesStagesLikeSecretsManager(MotoServer moto) {
    try (SecretsManagerClient client = client(moto)) {
      String first =
          client
              .createSecret(b -> b.name(SECRET).secretString("{\"password\":\"one\"}"))
              .versionId();
      String second =
          client
              .putSecretValue(b -> b.secretId(SECRET).secretString("{\"password\":\"two\"}"))
              .versionId();
      assertThat(second).isNotEqualTo(first);

      Map<String, List<String>> stagesByVersion =
          client.listSecretVersionIds(b -> b.secretId(SECRET)).versions().stream()
              .collect(
                  Collectors.toMap(
                      SecretVersionsListEntry::versionId, SecretVersionsListEntry::versionStages));
      assertThat(stagesByVersion.get(second)).contains("AWSCURRENT");
      assertThat(stagesByVersion.get(first)).contains("AWSPREVIOUS").doesNotContain("AWSCURRENT");

      // DescribeSecret is the cheap change check the plugin uses before any GetSecretValue.
      assertThat(client.describeSecret(b -> b.secretId(SECRET)).versionIdsToStages())
          .containsEntry(second, List.of("AWSCURRENT"))
          .containsEntry(first, List.of("AWSPREVIOUS"));

      String previous =
          client.getSecretValue(b -> b.secretId(SECRET).versionStage("AWSPREVIOUS")).secretString();
      assertThat(previous.equals("{\"password\":\"one\"}"))
          .as("AWSPREVIOUS returns the first value")
          .isTrue();
    }
  }

  @Test
  void resetForgetsEverything(MotoServer moto) {
    try (SecretsManagerClient client = client(moto)) {
      client.createSecret(b -> b.name("pullwarden/smoke/reset").secretString("x"));
      moto.reset();
      assertThat(client.listSecrets(b -> {}).secretList()).isEmpty();
    }
  }

  @Test
  void anAssumedRoleActsInTheRolesAccount(MotoServer moto) {
    String roleArn = "arn:aws:iam::210987654321:role/smoke";
    try (StsClient sts =
        StsClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.of(moto.region()))
            .credentialsProvider(fakeKeys(moto))
            .build()) {
      assertThat(sts.getCallerIdentity().account()).isEqualTo(moto.accountId());
      Credentials role =
          sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("smoke")).credentials();
      StsClient asRole =
          StsClient.builder()
              .endpointOverride(moto.endpoint())
              .region(Region.of(moto.region()))
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsSessionCredentials.create(
                          role.accessKeyId(), role.secretAccessKey(), role.sessionToken())))
              .build();
      try (asRole) {
        assertThat(asRole.getCallerIdentity().account()).isEqualTo("210987654321");
      }
    }
  }

  private static StaticCredentialsProvider fakeKeys(MotoServer moto) {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey()));
  }

  private static SecretsManagerClient client(MotoServer moto) {
    return SecretsManagerClient.builder()
        .endpointOverride(moto.endpoint())
        .region(Region.of(moto.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())))
        .build();
  }
}
