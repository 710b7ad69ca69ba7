/**
 * What the {@code aws-secrets-manager} and {@code aws-ecr} plugins share: the AWS part of a
 * CredentialSource's {@code spec.config} ({@link io.pullwarden.plugins.aws.AwsSettings}), the login
 * it describes ({@link io.pullwarden.plugins.aws.AwsLogin}), SDK client defaults ({@link
 * io.pullwarden.plugins.aws.AwsClients}) and the mapping of SDK errors to the agent's outcomes
 * ({@link io.pullwarden.plugins.aws.AwsFailures}). Shaded into both plugin jars.
 */
package io.pullwarden.plugins.aws;
