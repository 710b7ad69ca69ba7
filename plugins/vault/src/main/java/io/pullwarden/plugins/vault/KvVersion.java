package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.SourceException;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The version of a KV v2 secret as the agent compares it: the version number and the time that
 * version was written, such as {@code 3@2026-11-24T10:00:00.123Z}. The number alone would repeat
 * when a secret's metadata is deleted and the secret written again, and the agent would miss that
 * change. {@link #fromMetadata} (one {@code metadata/} read) and {@link #fromData} (the {@code
 * metadata} a {@code data/} read carries) give the same text for the same version.
 */
final class KvVersion {

  private KvVersion() {}

  /**
   * The current (or pinned) version from a {@code metadata/} answer's {@code data}.
   *
   * @throws SourceException.NotFound when that version does not exist, is deleted or destroyed
   */
  static String fromMetadata(Map<String, Object> metadata, OptionalLong pinned, String secret)
      throws SourceException.NotFound {
    long number = pinned.orElse(asLong(metadata.get("current_version")));
    Object versions = metadata.get("versions");
    Object entry = versions instanceof Map<?, ?> map ? map.get(String.valueOf(number)) : null;
    if (number < 1 || !(entry instanceof Map<?, ?> version)) {
      throw new SourceException.NotFound(
          secret + " has no version " + (number < 1 ? "yet" : number));
    }
    Object deleted = version.get("deletion_time");
    if (Boolean.TRUE.equals(version.get("destroyed"))
        || (deleted instanceof String time && !time.isEmpty())) {
      throw new SourceException.NotFound(
          secret + " version " + number + " is deleted; write a new version or undelete it");
    }
    return number + "@" + version.get("created_time");
  }

  /** The version a {@code data/} answer carries in its {@code metadata}. */
  static String fromData(Map<String, Object> metadata) {
    return asLong(metadata.get("version")) + "@" + metadata.get("created_time");
  }

  private static long asLong(Object value) {
    return value instanceof Number number ? number.longValue() : 0;
  }
}
