package io.pullwarden.plugins.awssecretsmanager;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugins.aws.MotoSource;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Test helpers to put secrets into moto as an administrator would, and refs to read them. */
final class MotoSecrets {

  private MotoSecrets() {}

  /** A client in moto's default account, for preparing secrets. */
  static SecretsManagerClient admin(MotoSource source) {
    return as(source, source.adminCredentials());
  }

  /** A client acting as {@code credentials}, such as a role in another account. */
  static SecretsManagerClient as(MotoSource source, AwsCredentialsProvider credentials) {
    return SecretsManagerClient.builder()
        .endpointOverride(source.moto().endpoint())
        .region(source.region())
        .credentialsProvider(credentials)
        .build();
  }

  static String login(String username, String password) {
    return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
  }

  /** A secret name no other test uses; moto's state is shared by the whole test run. */
  static String uniqueName(String purpose) {
    return "pullwarden-it/" + purpose + "/" + UUID.randomUUID();
  }

  static Settings ref(Map<String, Object> values) {
    return Settings.of("spec.registries[0].ref", values);
  }
}
