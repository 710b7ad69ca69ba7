package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A registry's {@code ref} for this plugin: exactly one of {@code kv} (KV v2), {@code kvV1} or
 * {@code read} (any path whose answer may carry a lease, such as {@code database/creds/<role>}),
 * plus the {@link FieldMapping} that picks the credential's fields. Each form knows the Vault paths
 * it reads; KV v2's {@code data/} and {@code metadata/} segments are added here, not by the driver.
 */
sealed interface VaultRef {

  List<String> FORMS = List.of("kv", "kvV1", "read");

  FieldMapping fields();

  /** The secret in words, naming mount and path, for messages. */
  String describe();

  /** A KV v2 secret, optionally pinned to one version. */
  record KvV2(String mount, String path, OptionalLong version, FieldMapping fields)
      implements VaultRef {
    static final String DEFAULT_MOUNT = "secret";

    String dataPath() {
      return encode(mount) + "/data/" + encode(path);
    }

    String metadataPath() {
      return encode(mount) + "/metadata/" + encode(path);
    }

    @Override
    public String describe() {
      String pinned = version.isPresent() ? " version " + version.getAsLong() : "";
      return "KV v2 secret '" + path + "'" + pinned + " in mount '" + mount + "'";
    }

    /** The secret in words without the pinned version, for messages that name a version. */
    String describeSecret() {
      return "KV v2 secret '" + path + "' in mount '" + mount + "'";
    }
  }

  /** A KV v1 secret. */
  record KvV1(String mount, String path, FieldMapping fields) implements VaultRef {
    String readPath() {
      return encode(mount) + "/" + encode(path);
    }

    @Override
    public String describe() {
      return "KV v1 secret '" + path + "' in mount '" + mount + "'";
    }
  }

  /** Any readable path; a lease in the answer makes the credential a leased one. */
  record Read(String path, FieldMapping fields) implements VaultRef {
    String readPath() {
      return encode(path);
    }

    @Override
    public String describe() {
      return "Vault path '" + path + "'";
    }
  }

  static VaultRef parse(Settings ref) throws SourceException.InvalidConfig {
    SettingsCheck.onlyKnown(
        ref,
        List.of(
            "kv", "kvV1", "read", "usernameKey", "passwordKey", "dockerConfigKey", "serverKey"));
    String form = SettingsCheck.exactlyOne(ref, FORMS);
    FieldMapping fields = FieldMapping.parse(ref);
    Settings settings = ref.requiredObject(form);
    return switch (form) {
      case "kv" -> {
        SettingsCheck.onlyKnown(settings, List.of("mount", "path", "version"));
        yield new KvV2(
            mount(settings, KvV2.DEFAULT_MOUNT), path(settings), version(settings), fields);
      }
      case "kvV1" -> {
        SettingsCheck.onlyKnown(settings, List.of("mount", "path"));
        yield new KvV1(
            SettingsCheck.vaultPath(settings, "mount", settings.requiredString("mount")),
            path(settings),
            fields);
      }
      default -> {
        SettingsCheck.onlyKnown(settings, List.of("path"));
        yield new Read(path(settings), fields);
      }
    };
  }

  private static String mount(Settings settings, String defaultMount)
      throws SourceException.InvalidConfig {
    return SettingsCheck.vaultPath(
        settings, "mount", settings.string("mount").orElse(defaultMount));
  }

  private static String path(Settings settings) throws SourceException.InvalidConfig {
    return SettingsCheck.vaultPath(settings, "path", settings.requiredString("path"));
  }

  private static OptionalLong version(Settings settings) throws SourceException.InvalidConfig {
    var version = settings.integer("version");
    if (version.isEmpty()) {
      return OptionalLong.empty();
    }
    if (version.get() < 1) {
      throw new SourceException.InvalidConfig(
          settings.field("version") + " must be a KV v2 version number, 1 or more");
    }
    return OptionalLong.of(version.get());
  }

  /** Percent-encodes each segment, as the driver expects a ready URL path. */
  private static String encode(String path) {
    return Arrays.stream(path.split("/"))
        .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
        .collect(Collectors.joining("/"));
  }
}
