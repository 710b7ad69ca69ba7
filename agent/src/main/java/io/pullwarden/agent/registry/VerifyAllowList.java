package io.pullwarden.agent.registry;

import io.pullwarden.agent.dockerconfig.RegistryServer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which registries a CredentialSource lets the agent send its credentials to for a check ({@code
 * spec.verifyRegistries}). A sync author chooses a registry's {@code server}; without this bound,
 * anyone who may write a PullSecretSync could have a source's credential sent to a host of their
 * own. Entries are {@code host[:port]} with {@code *} for any run of characters ({@code
 * *.example.com}, {@code registry.example.com:*}), matched against the {@code auths} key's host and
 * port, lower-cased, scheme and path left out; Docker Hub's key is {@code docker.io}. Only an entry
 * written {@code http://host[:port]} lets the credential go over a weak transport — plain http, or
 * TLS whose certificate is not verified ({@code insecureSkipTLSVerify}) — so a sync's author cannot
 * downgrade what the source's owner allowed.
 */
public final class VerifyAllowList {

  private VerifyAllowList() {}

  /** True when one of {@code patterns} matches {@code server}'s host[:port]. */
  public static boolean allows(List<String> patterns, String server) {
    return matches(patterns, server, false);
  }

  /**
   * True when an entry written {@code http://host[:port]} matches {@code server}: the source's
   * owner accepts plain http or unverified TLS to it.
   */
  public static boolean allowsWeakTransport(List<String> patterns, String server) {
    return matches(patterns, server, true);
  }

  private static boolean matches(List<String> patterns, String server, boolean weakOnly) {
    if (patterns == null || patterns.isEmpty()) {
      return false;
    }
    String authority = authority(server);
    for (String pattern : patterns) {
      if (pattern == null) {
        continue;
      }
      String entry = pattern.strip().toLowerCase(Locale.ROOT);
      boolean weak = entry.startsWith("http://");
      if (weakOnly && !weak) {
        continue;
      }
      String host = entry.replaceFirst("^https?://", "");
      if (glob(host).matcher(authority).matches()) {
        return true;
      }
    }
    return false;
  }

  /** {@code host[:port]} of an auths key, lower-cased; {@code docker.io} for Docker Hub's. */
  static String authority(String server) {
    String normalized = RegistryServer.normalize(server);
    if (normalized.equals(RegistryServer.DOCKER_HUB)) {
      return "docker.io";
    }
    String text = normalized.strip().toLowerCase(Locale.ROOT).replaceFirst("^https?://", "");
    int slash = text.indexOf('/');
    return slash < 0 ? text : text.substring(0, slash);
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }
}
