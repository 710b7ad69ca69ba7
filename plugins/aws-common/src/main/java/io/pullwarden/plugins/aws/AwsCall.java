package io.pullwarden.plugins.aws;

/**
 * Describes one store call for error messages: what was attempted, and what the user should do when
 * the resource is missing or the identity is refused. {@link AwsFailures} turns an SDK error into a
 * message built from these, so every outcome says what failed, where and what to do.
 *
 * @param action such as {@code DescribeSecret of 'registry/prod' in eu-west-1}
 * @param ifMissing advice for a not-found answer
 * @param ifDenied advice for an access-denied answer, typically the IAM actions needed
 */
public record AwsCall(String action, String ifMissing, String ifDenied) {}
