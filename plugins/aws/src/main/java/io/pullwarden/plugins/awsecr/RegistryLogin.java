package io.pullwarden.plugins.awsecr;

import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.SourceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads what ECR hands out into the shapes the agent expects: the token decodes to {@code
 * AWS:<password>}, which becomes a username and password (the agent rebuilds the same {@code auth}
 * from them), and the proxy endpoint {@code https://<account>.dkr.ecr.<region>.amazonaws.com}
 * becomes the bare host, the form {@code auths} keys take for every registry but Docker Hub.
 */
final class RegistryLogin {

  private RegistryLogin() {}

  /**
   * @throws SourceException.Transient when ECR's token is not base64 {@code user:password}; the
   *     message never contains the token
   */
  static UsernamePassword decode(String token) throws SourceException.Transient {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(token.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0 || colon == decoded.length() - 1) {
      throw malformed();
    }
    return new UsernamePassword(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  static String host(String proxyEndpoint) {
    String host = proxyEndpoint.trim().replaceFirst("^(?i)https?://", "");
    return host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
  }

  private static SourceException.Transient malformed() {
    return new SourceException.Transient(
        "ECR returned an authorization token that is not base64 'user:password'", null);
  }
}
