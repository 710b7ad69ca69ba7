package io.pullwarden.agent.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.pullwarden.agent.registry.RegistryCheck;
import io.pullwarden.agent.registry.RegistryCheck.Accepted;
import io.pullwarden.agent.registry.RegistryCheck.Login;
import io.pullwarden.agent.registry.RegistryCheck.Rejected;
import io.pullwarden.agent.registry.RegistryCheck.Target;
import io.pullwarden.agent.registry.RegistryCheck.Unverified;
import io.pullwarden.agent.registry.RegistryTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The registry login of a diagnosis: the same Registry API V2 handshake the agent runs before a
 * rollout ({@link RegistryCheck}, ADR 0024), with the username and password the kubelet would send
 * for the chosen {@code auths} key, asking for a pull of the image's repository. The registry's
 * certificate is checked against the JDK's CAs and, when given, the CAs of {@code --registry-ca} (a
 * registry with a private CA); a registry whose certificate is not trusted, or that cannot be
 * reached from where {@code diagnose} runs, is reported unreachable, never as a wrong credential.
 * The credential goes only to the registry its own key names and a Bearer token service on that
 * registry's host (diagnose reads no CredentialSource that could list another), and into no
 * outcome.
 */
public final class RegistryHandshake implements RegistryLoginCheck {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryCheck registry;
  private final RegistryTls tls;

  /** Trusting the JDK's CAs only. */
  public RegistryHandshake(RegistryCheck registry) {
    this(registry, RegistryTls.DEFAULT);
  }

  /** Trusting the registry's certificate as {@code tls} says. */
  public RegistryHandshake(RegistryCheck registry, RegistryTls tls) {
    this.registry = registry;
    this.tls = tls;
  }

  @Override
  public LoginOutcome check(String repository, String authsKey, Secret secret) {
    Optional<Login> login = login(secret, authsKey);
    if (login.isEmpty()) {
      return LoginOutcome.notChecked(
          "not checked: the entry for " + authsKey + " holds no username and password");
    }
    int slash = repository.indexOf('/');
    Optional<String> path =
        slash < 0 ? Optional.empty() : Optional.of(repository.substring(slash + 1));
    return switch (registry.check(new Target(authsKey, login.get(), path, tls))) {
      case Accepted accepted ->
          new LoginOutcome(
              LoginOutcome.State.ACCEPTED,
              "accepted by " + authsKey + " (" + accepted.detail() + ")");
      case Rejected rejected ->
          new LoginOutcome(
              LoginOutcome.State.REJECTED,
              "refused with HTTP " + rejected.httpStatus() + " by " + rejected.where());
      case Unverified unverified ->
          new LoginOutcome(
              LoginOutcome.State.UNREACHABLE,
              "could not tell: "
                  + unverified.reason()
                  + (tokenServiceElsewhere(unverified)
                      ? " (diagnose sends the credential to the registry's own host only)"
                      : " (unreachable from here, not refused)")
                  + (untrusted(unverified) ? CA_HINT : ""));
    };
  }

  private static final String CA_HINT =
      "; if the registry's certificate comes from a private CA, give that CA with --registry-ca"
          + " FILE (the PEM of the sync's registries[].caBundle)";

  /** Whether the registry named a token service on another host, which diagnose does not ask. */
  private static boolean tokenServiceElsewhere(Unverified unverified) {
    return unverified.reason().contains("Bearer realm")
        && unverified.reason().contains("another host");
  }

  /** Whether the registry's certificate was not trusted and no CA of its own was given. */
  private boolean untrusted(Unverified unverified) {
    return tls.caBundle().isEmpty()
        && !tls.insecureSkipVerify()
        && unverified.reason().contains("unable to find valid certification path");
  }

  /**
   * The username and password under {@code authsKey}, from its {@code auth} (base64 of {@code
   * user:password}) or its {@code username} and {@code password}, as the kubelet reads them.
   */
  static Optional<Login> login(Secret secret, String authsKey) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    boolean dockerConfigJson = data.containsKey(".dockerconfigjson");
    String encoded = dockerConfigJson ? data.get(".dockerconfigjson") : data.get(".dockercfg");
    if (encoded == null) {
      return Optional.empty();
    }
    JsonNode entry;
    try {
      JsonNode root = JSON.readTree(Base64.getMimeDecoder().decode(encoded));
      entry = (dockerConfigJson ? root.path("auths") : root).path(authsKey);
    } catch (IOException | IllegalArgumentException unreadable) {
      return Optional.empty();
    }
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      try {
        String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon > 0) {
          return Optional.of(new Login(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
      } catch (IllegalArgumentException notBase64) {
        return Optional.empty();
      }
    }
    String username = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    return username.isEmpty() || password.isEmpty()
        ? Optional.empty()
        : Optional.of(new Login(username, password));
  }
}
