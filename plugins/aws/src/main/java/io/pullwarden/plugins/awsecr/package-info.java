/**
 * The {@code aws-ecr} source plugin: Amazon ECR authorization tokens from {@code
 * GetAuthorizationToken}, handed to the agent as the login {@code AWS} / token with the registry's
 * host and the token's expiry, and renewed at two thirds of their lifetime.
 */
package io.pullwarden.plugins.awsecr;
