/**
 * The {@code aws-secrets-manager} source plugin: registry credentials kept in AWS Secrets Manager,
 * as a JSON login, a {@code .dockerconfigjson} string or a SecretBinary. Changes are detected with
 * {@code DescribeSecret} (which version carries the stage) before any {@code GetSecretValue}.
 */
package io.pullwarden.plugins.awssecretsmanager;
