package io.pullwarden.plugins.aws;

import io.pullwarden.plugin.SourceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Carries a {@link SourceException} out of an SDK credentials provider, whose interface cannot
 * throw checked exceptions, so that a missing access-key Secret reaches the agent as the outcome
 * the provider chose (and with its message) rather than as a generic SDK failure. {@link
 * AwsFailures} unwraps it.
 */
public final class LoginMaterialException extends SdkClientException {

  private static final long serialVersionUID = 1L;

  private final transient SourceException outcome;

  LoginMaterialException(SourceException outcome) {
    super(SdkClientException.builder().message(outcome.getMessage()));
    this.outcome = outcome;
  }

  /** What to report to the agent. */
  public SourceException outcome() {
    return outcome;
  }
}
