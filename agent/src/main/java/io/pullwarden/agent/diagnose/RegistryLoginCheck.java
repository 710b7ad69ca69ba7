package io.pullwarden.agent.diagnose;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * Whether the credential under {@code authsKey} of a pull Secret logs in to the registry of {@code
 * repository}. The seam where the registry handshake of issue 14 part 1 plugs in; until then {@link
 * #NOT_CHECKED} stands in, which is also what {@code --no-network} means.
 */
@FunctionalInterface
public interface RegistryLoginCheck {

  /** The check this build has: none, and it says so. */
  RegistryLoginCheck NOT_CHECKED =
      (repository, authsKey, secret) ->
          LoginOutcome.notChecked(
              "not checked: this build does not contact registries yet (as with --no-network)");

  /** Asks the registry; never throws for a registry's answer, never puts the credential in one. */
  LoginOutcome check(String repository, String authsKey, Secret secret);
}
