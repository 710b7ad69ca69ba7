package io.pullwarden.plugins.vault;

/**
 * What Vault's unauthenticated {@code sys/health} says about the server, reduced to what a
 * session's health check needs: whether it is initialized and unsealed.
 */
record ServerState(boolean initialized, boolean sealed) {}
