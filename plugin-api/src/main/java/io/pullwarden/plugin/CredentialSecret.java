package io.pullwarden.plugin;

import java.util.Objects;

/**
 * The secret material of a credential, in one of the two shapes stores hold it: a username and
 * password (the agent builds the {@code auth} field), or a complete {@code .dockerconfigjson}
 * document (the agent parses and validates it; plugins need no JSON library). Neither shape prints
 * its content.
 */
public sealed interface CredentialSecret {

  /** A registry login. */
  record UsernamePassword(String username, String password) implements CredentialSecret {
    public UsernamePassword {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "UsernamePassword[redacted]";
    }
  }

  /** A whole docker config: {@code {"auths": {"<server>": {...}}}}. */
  record DockerConfigJson(String json) implements CredentialSecret {
    public DockerConfigJson {
      Objects.requireNonNull(json, "json");
    }

    @Override
    public String toString() {
      return "DockerConfigJson[redacted]";
    }
  }
}
