package io.pullwarden.agent.diagnose;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * Whether the credential under {@code authsKey} of a pull Secret logs in to the registry of {@code
 * repository}: the registry's handshake ({@link RegistryHandshake}), or {@link #NOT_CHECKED} with
 * {@code --no-network}.
 */
@FunctionalInterface
public interface RegistryLoginCheck {

  /** No check, and it says so: {@code --no-network}. */
  RegistryLoginCheck NOT_CHECKED =
      (repository, authsKey, secret) ->
          LoginOutcome.notChecked("not checked: --no-network keeps diagnose off the registry");

  /** Asks the registry; never throws for a registry's answer, never puts the credential in one. */
  LoginOutcome check(String repository, String authsKey, Secret secret);
}
