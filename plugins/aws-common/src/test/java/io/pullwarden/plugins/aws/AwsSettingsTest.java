package io.pullwarden.plugins.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.regions.Region;

class AwsSettingsTest {

  private static final Map<String, Object> KEYS =
      Map.of(
          "accessKeyIdRef", Map.of("name", "aws-keys", "key", "access-key-id"),
          "secretAccessKeyRef", Map.of("name", "aws-keys", "key", "secret-access-key"));

  @Test
  void readsEveryField() throws Exception {
    AwsSettings settings =
        AwsSettings.parse(
            config(
                Map.of(
                    "region", "eu-west-1",
                    "endpoint", "http://127.0.0.1:5000",
                    "stsEndpoint", "https://sts.eu-west-1.amazonaws.com",
                    "auth", KEYS,
                    "assumeRole",
                        Map.of(
                            "roleArn", "arn:aws:iam::210987654321:role/pull",
                            "externalId", "ext-1",
                            "sessionName", "pw"))),
            "aws-ecr");

    assertThat(settings.region()).isEqualTo(Region.EU_WEST_1);
    assertThat(settings.endpoint()).contains(URI.create("http://127.0.0.1:5000"));
    assertThat(settings.stsEndpoint()).contains(URI.create("https://sts.eu-west-1.amazonaws.com"));
    assertThat(settings.staticKeys().orElseThrow().secretAccessKey())
        .isEqualTo(
            new SecretKeyRef(
                "spec.config.auth.secretAccessKeyRef", "aws-keys", "secret-access-key"));
    assertThat(settings.assumeRole())
        .contains(
            new AssumeRole("arn:aws:iam::210987654321:role/pull", Optional.of("ext-1"), "pw"));
  }

  @Test
  void onlyTheRegionIsRequired() throws Exception {
    AwsSettings settings = AwsSettings.parse(config(Map.of("region", "us-gov-west-1")), "x");

    assertThat(settings.endpoint()).isEmpty();
    assertThat(settings.staticKeys()).isEmpty();
    assertThat(settings.assumeRole()).isEmpty();
    assertThat(
            AwsSettings.parse(
                    config(
                        Map.of(
                            "region",
                            "us-east-1",
                            "assumeRole",
                            Map.of("roleArn", "arn:aws:iam::123456789012:role/a"))),
                    "x")
                .assumeRole()
                .orElseThrow()
                .sessionName())
        .isEqualTo("pullwarden");
  }

  static Stream<Arguments> badConfigs() {
    String role = "arn:aws:iam::123456789012:role/x";
    return Stream.of(
        arguments(Map.of(), "spec.config.region is required"),
        arguments(Map.of("region", "Europe"), "spec.config.region must be an AWS region"),
        arguments(
            Map.of("region", "us-east-1", "endpoint", "ftp://x"),
            "spec.config.endpoint must be an http or https URL"),
        arguments(
            Map.of("region", "us-east-1", "stsEndpoint", "not a url"),
            "spec.config.stsEndpoint must be an http or https URL"),
        arguments(
            Map.of("region", "us-east-1", "regoin", "x"),
            "spec.config.regoin is not an aws-ecr setting"),
        arguments(
            Map.of("region", "us-east-1", "auth", Map.of()),
            "spec.config.auth.accessKeyIdRef is required"),
        arguments(
            Map.of("region", "us-east-1", "auth", Map.of("accessKeyId", "AKIA")),
            "spec.config.auth.accessKeyId is not an auth field"),
        arguments(
            Map.of("region", "us-east-1", "auth", Map.of("accessKeyIdRef", Map.of("name", "a"))),
            "spec.config.auth.accessKeyIdRef.key is required"),
        arguments(
            Map.of(
                "region",
                "us-east-1",
                "auth",
                Map.of("accessKeyIdRef", Map.of("name", "A_b", "key", "k"))),
            "spec.config.auth.accessKeyIdRef.name must be a Secret name"),
        arguments(
            Map.of("region", "us-east-1", "assumeRole", Map.of()),
            "spec.config.assumeRole.roleArn is required"),
        arguments(
            Map.of("region", "us-east-1", "assumeRole", Map.of("roleArn", "role/x")),
            "spec.config.assumeRole.roleArn must be an IAM role ARN"),
        arguments(
            Map.of(
                "region", "us-east-1", "assumeRole", Map.of("roleArn", role, "sessionName", "a b")),
            "spec.config.assumeRole.sessionName must be"),
        arguments(
            Map.of("region", "us-east-1", "assumeRole", Map.of("roleArn", role, "duration", 1)),
            "spec.config.assumeRole.duration is not an assumeRole field"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badConfigs")
  void reportsProblemsByField(Map<String, Object> values, String problem) {
    Settings config = config(values);

    assertThat(AwsSettings.problems(config, "aws-ecr"))
        .anySatisfy(p -> assertThat(p).startsWith(problem));
    assertThatThrownBy(() -> AwsSettings.parse(config, "aws-ecr"))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageContaining(problem);
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThat(
            AwsSettings.problems(
                config(Map.of("endpoint", 5, "auth", "keys", "assumeRole", Map.of())), "x"))
        .hasSize(4);
  }

  private static Settings config(Map<String, Object> values) {
    return Settings.of("spec.config", values);
  }

  @Test
  void thePodsOwnIdentityIsOnlyEverSentToAwsEndpointsOverHttps() throws Exception {
    assertThat(
            AwsSettings.parse(
                    config(
                        Map.of(
                            "region", "eu-west-1",
                            "stsEndpoint", "http://listener.example.com:8080")),
                    "aws-secrets-manager")
                .ambientIdentityProblem(Set.of()))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .startsWith("spec.config.stsEndpoint http://listener.example.com:8080 is not")
                    .contains("the agent's own AWS identity"));
    assertThat(
            AwsSettings.parse(
                    config(
                        Map.of(
                            "region", "eu-west-1",
                            "endpoint", "https://evil.example.com")),
                    "aws-secrets-manager")
                .ambientIdentityProblem(Set.of()))
        .isPresent();
    assertThat(
            AwsSettings.parse(
                    config(
                        Map.of(
                            "region",
                            "eu-west-1",
                            "endpoint",
                            "https://vpce-1.secretsmanager.eu-west-1.vpce.amazonaws.com")),
                    "aws-secrets-manager")
                .ambientIdentityProblem(Set.of()))
        .isEmpty();
    assertThat(
            AwsSettings.parse(
                    config(
                        Map.of(
                            "region",
                            "eu-west-1",
                            "endpoint",
                            "http://127.0.0.1:5000",
                            "auth",
                            KEYS)),
                    "aws-secrets-manager")
                .ambientIdentityProblem(Set.of()))
        .as("static keys, marked for the source, may go to moto")
        .isEmpty();
  }

  @Test
  void theAdminMayListMoreHostsForThePodsIdentityButASourceCannot() throws Exception {
    AwsSettings moto =
        AwsSettings.parse(
            config(Map.of("region", "eu-west-1", "stsEndpoint", "http://127.0.0.1:5000")),
            "aws-secrets-manager");

    assertThat(moto.ambientIdentityProblem(Set.of("127.0.0.1"))).isEmpty();
    assertThat(moto.ambientIdentityProblem(Set.of("localhost"))).isPresent();
  }
}
