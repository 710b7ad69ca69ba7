package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.SourceException;
import java.net.URI;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * Decides what a failed Vault call means to the agent, in one place: no answer, a sealed server,
 * 5xx and throttling pass by themselves ({@code Transient}); a refused token or login is {@code
 * AuthFailed}; 404 is {@code NotFound}; any other 4xx means the config or ref asks for something
 * Vault will not do ({@code InvalidConfig}). Messages name the server, the call and the fix, and
 * carry only Vault's {@code errors} text, never a request or response body.
 */
final class FailureMapping {

  private FailureMapping() {}

  /**
   * A failed call made with the session's token, after the session already logged in again once.
   *
   * @param action what was being done, such as {@code reading KV v2 secret secret/team/registry}
   * @param missing what does not exist, for a 404, such as {@code KV v2 secret team/registry in
   *     mount secret}; it names the path so the user can find it
   * @param identity the login whose policies decide access, for a 403
   */
  static SourceException forCall(
      VaultFailure failure, URI address, String action, String missing, String identity) {
    if (failure.unanswered()) {
      return unanswered(failure, address, action);
    }
    if (failure.sealed()) {
      return new SourceException.Transient(
          "Vault at "
              + address
              + " is sealed ("
              + failure.getMessage()
              + ") while "
              + action
              + "; existing Secrets are kept and the agent retries until it is unsealed",
          null);
    }
    int status = failure.status();
    if (status >= 500 || status == 429 || status == 412) {
      return new SourceException.Transient(
          "Vault at " + address + " answered " + failure.getMessage() + " while " + action, null);
    }
    if (failure.permissionDenied()) {
      return new SourceException.AuthFailed(
          "Vault at "
              + address
              + " denied "
              + action
              + " ("
              + failure.getMessage()
              + ") even after logging in again; give "
              + identity
              + " a policy that allows it (see docs/providers/vault.md)",
          null);
    }
    if (status == 404) {
      return new SourceException.NotFound(
          missing + " does not exist in Vault at " + address + "; create it or correct the ref");
    }
    return new SourceException.InvalidConfig(
        "Vault at " + address + " rejected " + action + " (" + failure.getMessage() + ")");
  }

  /** A failed login, or a static token Vault does not accept. */
  static SourceException forLogin(VaultFailure failure, URI address, String login) {
    String action = "logging in with " + login;
    if (failure.unanswered()) {
      return unanswered(failure, address, action);
    }
    int status = failure.status();
    if (failure.sealed() || status >= 500 || status == 429 || status == 412) {
      return new SourceException.Transient(
          "Vault at " + address + " answered " + failure.getMessage() + " while " + action, null);
    }
    return new SourceException.AuthFailed(
        "Vault at "
            + address
            + " refused "
            + login
            + " ("
            + failure.getMessage()
            + "); check the auth settings in spec.config.auth and the role in Vault",
        null);
  }

  private static SourceException unanswered(VaultFailure failure, URI address, String action) {
    Throwable cause = failure.getCause();
    if (isTls(cause)) {
      return new SourceException.Transient(
          "cannot verify the TLS certificate of Vault at "
              + address
              + " while "
              + action
              + ": "
              + VaultFailure.describe(cause)
              + "; set spec.config.tls.caSecretRef to the CA that signed it, and"
              + " spec.config.tls.serverName if it is issued for another name",
          cause);
    }
    return new SourceException.Transient(
        "cannot reach Vault at "
            + address
            + " while "
            + action
            + ": "
            + (cause == null ? failure.getMessage() : VaultFailure.describe(cause))
            + "; the agent retries",
        cause);
  }

  private static boolean isTls(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SSLException || t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }
}
