package io.pullwarden.plugins.kubernetessecret;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code spec.config} of a kubernetes-secret CredentialSource: only the namespace the central
 * Secrets live in (the agent's own namespace when omitted). Unknown fields are problems, so a typo
 * such as {@code namepsace} does not silently fall back to the default.
 */
record SourceConfig(Optional<String> namespace) {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** Every problem with {@code config}, each naming its field; empty when it is usable. */
  static List<String> problems(Settings config) {
    List<String> problems = new ArrayList<>();
    for (String key : config.keys()) {
      if (!key.equals("namespace")) {
        problems.add(
            config.field(key) + " is not a kubernetes-secret setting; the only one is namespace");
      }
    }
    try {
      config
          .string("namespace")
          .filter(namespace -> !DNS_LABEL.matcher(namespace).matches())
          .ifPresent(
              namespace ->
                  problems.add(
                      config.field("namespace")
                          + " must be a namespace name (lower-case letters, digits and '-', at"
                          + " most 63 characters), not '"
                          + namespace
                          + "'"));
    } catch (SourceException.InvalidConfig e) {
      problems.add(e.getMessage());
    }
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
    return new SourceConfig(config.string("namespace"));
  }
}
