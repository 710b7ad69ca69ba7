package io.pullwarden.agent.dockerconfig;

import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import java.util.Optional;

/**
 * The docker config of one robot login for one registry, for tests that need a real document (its
 * hash, its bytes) without caring what it holds.
 */
public final class TestLogins {

  private TestLogins() {}

  /** {@code robot:password} for {@code server}. */
  public static DockerConfig robot(String server, String password) {
    try {
      return DockerConfig.builder()
          .add(
              "spec.registries[0]",
              Optional.of(server),
              Optional.empty(),
              new UsernamePassword("robot", password))
          .build();
    } catch (InvalidCredentialException e) {
      throw new IllegalStateException(e);
    }
  }
}
