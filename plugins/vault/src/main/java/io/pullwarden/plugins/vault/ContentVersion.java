package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.CredentialSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The version of a credential whose store keeps none (KV v1, reads without a lease): a keyed hash
 * of exactly the material the ref maps, so a change to an unrelated key of the secret is not a
 * rotation. The key is random per session, so the version — which reaches logs — cannot be used to
 * guess a weak password offline; it is stable within a session and not comparable across sessions,
 * which costs at most one extra comparison by the agent after a session is reopened.
 */
final class ContentVersion {

  private final SecretKeySpec key;

  ContentVersion() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.key = new SecretKeySpec(random, "HmacSHA256");
  }

  String of(CredentialSecret secret, Optional<String> server) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      switch (secret) {
        case CredentialSecret.UsernamePassword login -> {
          update(mac, "login");
          update(mac, login.username());
          update(mac, login.password());
        }
        case CredentialSecret.DockerConfigJson config -> {
          update(mac, "dockerconfigjson");
          update(mac, config.json());
        }
      }
      update(mac, server.orElse(""));
      return "hmac:" + HexFormat.of().formatHex(mac.doFinal()).substring(0, 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  /** Each part with its length first, so ("ab", "c") and ("a", "bc") differ. */
  private static void update(Mac mac, String part) {
    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
    mac.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) ':');
    mac.update(bytes);
  }
}
