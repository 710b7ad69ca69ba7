package io.pullwarden.plugins.awssecretsmanager;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code DescribeSecret} says about a secret's versions, which is all change detection needs:
 * the staging labels of each version, and whether the secret is scheduled for deletion.
 */
record SecretVersions(Map<String, List<String>> stagesByVersion, boolean scheduledForDeletion) {

  SecretVersions {
    stagesByVersion = Map.copyOf(stagesByVersion);
  }

  /** The version that carries {@code stage}; a stage is on at most one version. */
  Optional<String> carrying(String stage) {
    return stagesByVersion.entrySet().stream()
        .filter(e -> e.getValue().contains(stage))
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
