package io.pullwarden.plugins.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.pullwarden.plugin.SourceException;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsFailuresTest {

  private static final AwsCall CALL =
      new AwsCall("GetSecretValue of 'reg'", "create it", "allow secretsmanager:GetSecretValue");

  static Stream<Arguments> serviceErrors() {
    return Stream.of(
        arguments("ThrottlingException", 400, SourceException.Transient.class),
        arguments("TooManyRequestsException", 429, SourceException.Transient.class),
        arguments("InternalServiceError", 500, SourceException.Transient.class),
        arguments("ServiceUnavailable", 503, SourceException.Transient.class),
        arguments("RequestTimeTooSkewed", 403, SourceException.Transient.class),
        arguments("AccessDeniedException", 400, SourceException.AuthFailed.class),
        arguments("UnrecognizedClientException", 400, SourceException.AuthFailed.class),
        arguments("ExpiredTokenException", 400, SourceException.AuthFailed.class),
        arguments("InvalidClientTokenId", 403, SourceException.AuthFailed.class),
        arguments("DecryptionFailure", 400, SourceException.AuthFailed.class),
        arguments("SomethingForbidden", 403, SourceException.AuthFailed.class),
        arguments("ResourceNotFoundException", 400, SourceException.NotFound.class),
        arguments("InvalidParameterException", 400, SourceException.InvalidConfig.class),
        arguments("ValidationException", 400, SourceException.InvalidConfig.class));
  }

  @ParameterizedTest(name = "{0} (HTTP {1}) -> {2}")
  @MethodSource("serviceErrors")
  void mapsServiceErrorsByCodeAndStatus(
      String code, int status, Class<? extends SourceException> outcome) {
    SourceException mapped = AwsFailures.map(serviceError(code, status), CALL);

    assertThat(mapped).isInstanceOf(outcome);
    assertThat(mapped.getMessage())
        .startsWith("GetSecretValue of 'reg'")
        .contains(code + " (HTTP " + status + "): the AWS message");
  }

  @Test
  void adviceFollowsTheOutcome() {
    assertThat(AwsFailures.map(serviceError("AccessDeniedException", 400), CALL))
        .hasMessageEndingWith("; allow secretsmanager:GetSecretValue");
    assertThat(AwsFailures.map(serviceError("ResourceNotFoundException", 400), CALL))
        .hasMessageEndingWith("; create it");
  }

  @Test
  void networkErrorsAndTimeoutsAreTransient() {
    SdkClientException refused =
        SdkClientException.builder()
            .message("Unable to execute HTTP request: Connection refused")
            .cause(new IOException("Connection refused"))
            .build();
    assertThat(AwsFailures.map(refused, CALL))
        .isInstanceOf(SourceException.Transient.class)
        .hasMessageContaining("Connection refused");
    assertThat(AwsFailures.map(ApiCallTimeoutException.create(30_000), CALL))
        .isInstanceOf(SourceException.Transient.class);
  }

  @Test
  void noCredentialsIsAuthFailed() {
    SdkClientException none =
        SdkClientException.create("Unable to load credentials from any of the providers");

    assertThat(AwsFailures.map(none, CALL))
        .isInstanceOf(SourceException.AuthFailed.class)
        .hasMessageContaining("IRSA");
  }

  @Test
  void loginMaterialProblemsKeepTheirOutcomeEvenWhenWrapped() {
    SourceException missing = new SourceException.AuthFailed("Secret x does not exist", null);
    SdkClientException wrapped =
        SdkClientException.builder()
            .message("wrapped")
            .cause(new LoginMaterialException(missing))
            .build();

    assertThat(AwsFailures.map(wrapped, CALL)).isSameAs(missing);
  }

  private static AwsServiceException serviceError(String code, int status) {
    return AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(
            AwsErrorDetails.builder().errorCode(code).errorMessage("the AWS message").build())
        .build();
  }
}
