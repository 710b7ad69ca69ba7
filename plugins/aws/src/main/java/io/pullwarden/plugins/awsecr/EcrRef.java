package io.pullwarden.plugins.awsecr;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A registry's {@code ref} for this plugin: at most the 12-digit {@code registryId} (the AWS
 * account that owns the registry), or nothing for the account of the source's identity. The region
 * belongs to the CredentialSource, so every sync that reads the same registry through one source
 * has an equal ref, and the agent shares one token among them.
 */
record EcrRef(String path, Optional<String> registryId) {

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

  static EcrRef parse(Settings ref) throws SourceException.InvalidConfig {
    for (String key : ref.keys()) {
      if (!key.equals("registryId")) {
        throw new SourceException.InvalidConfig(
            ref.field(key) + " is not an aws-ecr ref field; the only one is registryId");
      }
    }
    return new EcrRef(ref.path(), registryId(ref));
  }

  private static Optional<String> registryId(Settings ref) throws SourceException.InvalidConfig {
    if (!ref.has("registryId")) {
      return Optional.empty();
    }
    // YAML reads an unquoted 123456789012 as a number; accept it as the account id it is.
    String id =
        ref.asMap().get("registryId") instanceof Number
            ? String.format("%012d", ref.integer("registryId").orElseThrow())
            : ref.requiredString("registryId");
    if (!ACCOUNT.matcher(id).matches()) {
      throw new SourceException.InvalidConfig(
          ref.field("registryId")
              + " must be the 12-digit AWS account id that owns the registry, not '"
              + id
              + "'");
    }
    return Optional.of(id);
  }

  /** Says which registry this is, for messages. */
  String describe() {
    return registryId.map(id -> "registry " + id).orElse("the identity's own registry");
  }
}
