package io.pullwarden.plugins.aws;

import io.pullwarden.plugin.SourceException;
import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps an AWS SDK error to the outcome the agent acts on. Throttling, 5xx, timeouts and network
 * errors are {@link SourceException.Transient} (the agent retries with backoff; the SDK's own
 * retries are off so the two do not multiply); a refused identity is {@link
 * SourceException.AuthFailed}; a missing resource {@link SourceException.NotFound}; any other
 * client error {@link SourceException.InvalidConfig}. Messages carry AWS's error code and message,
 * which never contain secret values.
 */
public final class AwsFailures {

  private static final Set<String> AUTH_CODES =
      Set.of(
          "AccessDenied",
          "AccessDeniedException",
          "AuthFailure",
          "DecryptionFailure",
          "ExpiredToken",
          "ExpiredTokenException",
          "IncompleteSignature",
          "InvalidAccessKeyId",
          "InvalidClientTokenId",
          "InvalidIdentityToken",
          "InvalidSignatureException",
          "MissingAuthenticationToken",
          "NotAuthorized",
          "RegionDisabledException",
          "SignatureDoesNotMatch",
          "UnrecognizedClientException");
  private static final Set<String> NOT_FOUND_CODES =
      Set.of("ResourceNotFoundException", "ResourceNotFound", "RepositoryNotFoundException");

  private AwsFailures() {}

  public static SourceException map(SdkException error, AwsCall call) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof LoginMaterialException login) {
        return login.outcome();
      }
    }
    if (error instanceof AwsServiceException service) {
      return serviceError(service, call);
    }
    String detail = String.valueOf(error.getMessage());
    if (isNetworkOrTimeout(error)) {
      return new SourceException.Transient(
          call.action() + " failed: " + detail + "; will retry", error);
    }
    if (detail.startsWith("Unable to load credentials")) {
      return new SourceException.AuthFailed(
          call.action()
              + " has no AWS credentials: "
              + detail
              + "; configure IRSA, EKS Pod Identity or spec.config.auth",
          error);
    }
    return new SourceException.Transient(call.action() + " failed: " + detail, error);
  }

  private static SourceException serviceError(AwsServiceException e, AwsCall call) {
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null ? null : details.errorCode();
    String message = details == null ? null : details.errorMessage();
    if (message != null && message.endsWith(".")) {
      message = message.substring(0, message.length() - 1);
    }
    int status = e.statusCode();
    String detail =
        (code == null ? "error" : code)
            + " (HTTP "
            + status
            + ")"
            + (message == null || message.isBlank() ? "" : ": " + message);
    if (e.isThrottlingException()
        || e.isClockSkewException()
        || status == 408
        || status == 429
        || status >= 500) {
      return new SourceException.Transient(
          call.action() + " failed: " + detail + "; will retry with backoff", e);
    }
    if (AUTH_CODES.contains(code) || status == 401 || status == 403) {
      return new SourceException.AuthFailed(
          call.action() + " was refused: " + detail + "; " + call.ifDenied(), e);
    }
    if (NOT_FOUND_CODES.contains(code) || status == 404) {
      return new SourceException.NotFound(call.action() + ": " + detail + "; " + call.ifMissing());
    }
    return new SourceException.InvalidConfig(call.action() + " was rejected: " + detail);
  }

  private static boolean isNetworkOrTimeout(SdkException error) {
    if (error instanceof ApiCallTimeoutException
        || error instanceof ApiCallAttemptTimeoutException) {
      return true;
    }
    for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
