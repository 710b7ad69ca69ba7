package io.pullwarden.agent.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks a registry whether it accepts a pull credential, the way a container runtime logs in: the
 * Registry HTTP API V2 handshake ({@code GET /v2/}, then the {@code WWW-Authenticate} challenge,
 * Basic or Bearer). It exists so a credential can be proven before it is written to every namespace
 * (a PullSecretSync's {@code verify}) and so {@code pullwarden diagnose} can say whether a pod's
 * credential logs in. The answer is an {@link Outcome}; a registry that cannot be reached is {@link
 * Unverified}, never {@link Rejected}. No field of any type here ever holds the credential in a
 * form that prints.
 */
public interface RegistryCheck {

  /** Runs the handshake for {@code target}; never throws for a network or protocol failure. */
  Outcome check(Target target);

  /** What the registry said about the credential. */
  sealed interface Outcome permits Accepted, Rejected, Unverified {
    /** {@code Accepted}, {@code Rejected} or {@code Unverified}, as status and metrics show it. */
    String label();
  }

  /** The registry (or its token service) accepted the credential, or needs none. */
  record Accepted(String detail) implements Outcome {
    @Override
    public String label() {
      return "Accepted";
    }
  }

  /**
   * The registry or its token service refused the credential with {@code httpStatus} (401 or 403);
   * {@code where} names the request, such as {@code GET https://registry.example.com/v2/}, without
   * its query.
   */
  record Rejected(int httpStatus, String where) implements Outcome {
    @Override
    public String label() {
      return "Rejected";
    }
  }

  /**
   * The check could not tell: DNS, connect, TLS, a timeout, a 5xx, a redirect or a token realm it
   * will not send the credential to, or a credential it cannot present. {@code reason} says which.
   */
  record Unverified(String reason) implements Outcome {
    @Override
    public String label() {
      return "Unverified";
    }
  }

  /**
   * A username and password to log in with. {@link #toString()} never shows them, so a Login that
   * ends up in a log line or an exception says only that it is one.
   */
  final class Login {
    private final String username;
    private final String password;

    public Login(String username, String password) {
      this.username = Objects.requireNonNull(username);
      this.password = Objects.requireNonNull(password);
    }

    String username() {
      return username;
    }

    String password() {
      return password;
    }

    /**
     * A sha256 of the login, to tell whether it changed without keeping it; kept in memory only (a
     * hash of a weak password can be guessed offline, so it is never shown).
     */
    public String digest() {
      return io.pullwarden.agent.dockerconfig.DockerConfig.hashOf(
          (username + "\u0000" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "Login[redacted]";
    }
  }

  /**
   * What to check: the {@code auths} key of the registry (the kubelet's syntax: scheme optional,
   * {@code /v1/} or {@code /v2/} read as the bare host, Docker Hub's key), the login, the
   * repository to ask a pull scope for (when known), how to trust the registry's TLS certificate,
   * and {@code realmHosts}: the {@code host[:port]} patterns ({@link VerifyAllowList}'s syntax, a
   * CredentialSource's {@code spec.verifyRegistries}) of Bearer token services on other hosts than
   * the registry's that may receive the login. A realm on the registry's own host (or Docker Hub's
   * {@code auth.docker.io}) needs no entry.
   */
  record Target(
      String server,
      Login login,
      Optional<String> repository,
      RegistryTls tls,
      List<String> realmHosts) {

    public Target {
      realmHosts = realmHosts == null ? List.of() : List.copyOf(realmHosts);
    }

    /** A target whose login goes to no token service on another host than the registry's. */
    public Target(String server, Login login, Optional<String> repository, RegistryTls tls) {
      this(server, login, repository, tls, List.of());
    }
  }
}
