package io.pullwarden.plugins.aws;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The optional {@code assumeRole} block of an AWS CredentialSource: the role the base identity
 * (IRSA, static keys, the default chain) switches to with STS before reading the store, as is usual
 * for cross-account registries and secrets.
 *
 * @param externalId the value the role's trust policy demands, if any; not a secret, but not logged
 *     either
 * @param sessionName shows up in CloudTrail as the caller; {@code pullwarden} by default
 */
public record AssumeRole(String roleArn, Optional<String> externalId, String sessionName) {

  static final String DEFAULT_SESSION_NAME = "pullwarden";
  private static final List<String> FIELDS = List.of("roleArn", "externalId", "sessionName");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/.+");
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

  /**
   * @throws SourceException.InvalidConfig naming the field that is missing or malformed
   */
  static AssumeRole parse(Settings block) throws SourceException.InvalidConfig {
    for (String key : block.keys()) {
      if (!FIELDS.contains(key)) {
        throw new SourceException.InvalidConfig(
            block.field(key) + " is not an assumeRole field; use one of " + FIELDS);
      }
    }
    String roleArn = block.requiredString("roleArn");
    if (!ROLE_ARN.matcher(roleArn).matches()) {
      throw new SourceException.InvalidConfig(
          block.field("roleArn")
              + " must be an IAM role ARN such as arn:aws:iam::123456789012:role/pullwarden, not '"
              + roleArn
              + "'");
    }
    Optional<String> externalId = block.string("externalId");
    if (externalId.isPresent() && !EXTERNAL_ID.matcher(externalId.get()).matches()) {
      throw new SourceException.InvalidConfig(
          block.field("externalId")
              + " must be 2 to 1224 characters of letters, digits and +=,.@:/-");
    }
    String sessionName = block.string("sessionName").orElse(DEFAULT_SESSION_NAME);
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw new SourceException.InvalidConfig(
          block.field("sessionName")
              + " must be 2 to 64 characters of letters, digits and +=,.@_-");
    }
    return new AssumeRole(roleArn, externalId, sessionName);
  }
}
