package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks shared by every object of the config and the ref: unknown keys are errors, so a typo such
 * as {@code approle} for {@code appRole} is reported instead of silently ignored, and "exactly one
 * of" choices name every candidate.
 */
final class SettingsCheck {

  private SettingsCheck() {}

  static void onlyKnown(Settings settings, List<String> known)
      throws SourceException.InvalidConfig {
    for (String key : settings.keys()) {
      if (!known.contains(key)) {
        throw new SourceException.InvalidConfig(
            settings.field(key) + " is not a vault setting here; use one of " + known);
      }
    }
  }

  /** The one key of {@code choices} that is set; none or several is an error naming them all. */
  static String exactlyOne(Settings settings, List<String> choices)
      throws SourceException.InvalidConfig {
    List<String> set = new ArrayList<>();
    for (String choice : choices) {
      if (settings.has(choice)) {
        set.add(choice);
      }
    }
    if (set.size() == 1) {
      return set.get(0);
    }
    List<String> fields = choices.stream().map(settings::field).toList();
    throw new SourceException.InvalidConfig(
        set.isEmpty()
            ? settings.path() + " needs exactly one of " + fields
            : settings.path()
                + " sets "
                + set.stream().map(settings::field).toList()
                + "; set exactly one of "
                + fields);
  }

  /** A mount or path with surrounding slashes removed; empty or {@code ..} segments are errors. */
  static String vaultPath(Settings settings, String key, String value)
      throws SourceException.InvalidConfig {
    String trimmed = value.strip().replaceAll("^/+|/+$", "");
    for (String segment : trimmed.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new SourceException.InvalidConfig(
            settings.field(key)
                + " must be a Vault path such as team/registry (no empty, '.' or '..' segments)");
      }
    }
    return trimmed;
  }
}
