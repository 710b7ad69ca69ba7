package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.List;
import java.util.Optional;

/**
 * {@code spec.config.tls}: which CA to trust (from a Secret in the agent's namespace; the JDK's
 * trust store when omitted), which name the server's certificate must carry when it differs from
 * the address's host, and whether to skip verification — only when explicitly {@code true}, and
 * never together with a CA, since that combination means the user expected verification.
 */
record TlsConfig(
    Optional<SecretKeyRef> caSecret, Optional<String> serverName, boolean insecureSkipVerify) {

  static final TlsConfig DEFAULT = new TlsConfig(Optional.empty(), Optional.empty(), false);
  private static final List<String> FIELDS =
      List.of("caSecretRef", "serverName", "insecureSkipVerify");

  static TlsConfig parse(Settings tls) throws SourceException.InvalidConfig {
    SettingsCheck.onlyKnown(tls, FIELDS);
    Optional<SecretKeyRef> ca =
        tls.object("caSecretRef").isPresent()
            ? Optional.of(SecretKeyRef.parse(tls.requiredObject("caSecretRef")))
            : Optional.empty();
    boolean insecure = tls.bool("insecureSkipVerify", false);
    if (insecure && ca.isPresent()) {
      throw new SourceException.InvalidConfig(
          tls.field("insecureSkipVerify")
              + " is true while "
              + tls.field("caSecretRef")
              + " names a CA to verify with; set only one of them");
    }
    return new TlsConfig(ca, tls.string("serverName"), insecure);
  }
}
