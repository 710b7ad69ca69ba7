package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code spec.config} of a vault CredentialSource: where Vault is ({@code address}, and the
 * Enterprise {@code namespace} every call is made in), how to trust it ({@code tls}) and how to log
 * in ({@code auth}, exactly one method). Validation reports every problem at once, each naming its
 * field, and contacts nothing.
 */
record SourceConfig(URI address, Optional<String> namespace, TlsConfig tls, VaultLogin login) {

  private static final List<String> FIELDS = List.of("address", "namespace", "tls", "auth");

  /** Every problem with {@code config}, each naming its field; empty when it is usable. */
  static List<String> problems(Settings config) {
    List<String> problems = new ArrayList<>();
    for (String key : config.keys()) {
      if (!FIELDS.contains(key)) {
        problems.add(config.field(key) + " is not a vault setting; use one of " + FIELDS);
      }
    }
    URI address = collect(problems, () -> address(config));
    collect(problems, () -> config.string("namespace"));
    collect(problems, () -> tls(config, address));
    collect(problems, () -> VaultLogin.parse(config.requiredObject("auth")));
    return problems;
  }

  /**
   * @throws SourceException.InvalidConfig listing every problem
   */
  static SourceConfig parse(Settings config) throws SourceException.InvalidConfig {
    List<String> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new SourceException.InvalidConfig(String.join("; ", problems));
    }
    URI address = address(config);
    return new SourceConfig(
        address,
        config.string("namespace"),
        tls(config, address),
        VaultLogin.parse(config.requiredObject("auth")));
  }

  private static URI address(Settings config) throws SourceException.InvalidConfig {
    String text = config.requiredString("address").strip();
    String expected =
        config.field("address")
            + " must be an http or https URL such as https://vault.example.com:8200";
    URI uri;
    try {
      uri = new URI(text.replaceAll("/+$", ""));
    } catch (URISyntaxException e) {
      throw new SourceException.InvalidConfig(expected + ", not '" + text + "'");
    }
    boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
    if (!web || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
      throw new SourceException.InvalidConfig(expected + ", not '" + text + "'");
    }
    return uri;
  }

  private static TlsConfig tls(Settings config, URI address) throws SourceException.InvalidConfig {
    Optional<Settings> tls = config.object("tls");
    if (tls.isEmpty()) {
      return TlsConfig.DEFAULT;
    }
    if (address != null && !"https".equals(address.getScheme())) {
      throw new SourceException.InvalidConfig(
          config.field("tls")
              + " applies to https addresses only; "
              + config.field("address")
              + " is "
              + address);
    }
    return TlsConfig.parse(tls.get());
  }

  private interface Check<T> {
    T get() throws SourceException.InvalidConfig;
  }

  private static <T> T collect(List<String> problems, Check<T> check) {
    try {
      return check.get();
    } catch (SourceException.InvalidConfig e) {
      problems.add(e.getMessage());
      return null;
    }
  }
}
