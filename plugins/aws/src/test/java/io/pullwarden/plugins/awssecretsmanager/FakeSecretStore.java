package io.pullwarden.plugins.awssecretsmanager;

import io.pullwarden.plugin.SourceException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets Manager in memory, with the stage movement of the real one: {@link #put} makes a new
 * version AWSCURRENT and moves AWSPREVIOUS to the old one. Counts calls, and can be told to fail.
 */
final class FakeSecretStore implements SecretStore {

  private final Map<String, Map<String, SecretValue>> values = new HashMap<>();
  private final Map<String, Map<String, List<String>>> stages = new HashMap<>();
  int describes;
  int reads;
  boolean closed;
  SourceException failure;
  private int nextVersion;

  /** Stores a new SecretString version of {@code name} and makes it AWSCURRENT. */
  String put(String name, String text) {
    return put(name, Optional.of(text), Optional.empty());
  }

  String putBinary(String name, byte[] binary) {
    return put(name, Optional.empty(), Optional.of(binary));
  }

  private String put(String name, Optional<String> text, Optional<byte[]> binary) {
    String id = "v" + ++nextVersion;
    values
        .computeIfAbsent(name, n -> new LinkedHashMap<>())
        .put(id, new SecretValue(id, text, binary));
    Map<String, List<String>> labels = stages.computeIfAbsent(name, n -> new LinkedHashMap<>());
    labels.replaceAll(
        (v, l) -> new ArrayList<>(l.stream().filter(s -> !s.equals("AWSPREVIOUS")).toList()));
    labels.forEach(
        (v, l) -> {
          if (l.remove("AWSCURRENT")) {
            l.add("AWSPREVIOUS");
          }
        });
    labels.put(id, new ArrayList<>(List.of("AWSCURRENT")));
    return id;
  }

  @Override
  public SecretVersions describe(SecretRef ref) throws SourceException {
    describes++;
    failIfTold();
    return new SecretVersions(versionsOf(ref), false);
  }

  @Override
  public SecretValue value(SecretRef ref) throws SourceException {
    reads++;
    failIfTold();
    Map<String, List<String>> labels = versionsOf(ref);
    String id =
        ref.versionId()
            .or(() -> new SecretVersions(labels, false).carrying(ref.versionStage()))
            .orElseThrow(() -> new SourceException.NotFound("no version " + ref.versionChoice()));
    SecretValue value = values.get(ref.secretId()).get(id);
    if (value == null) {
      throw new SourceException.NotFound("no version " + id);
    }
    return value;
  }

  private Map<String, List<String>> versionsOf(SecretRef ref) throws SourceException {
    Map<String, List<String>> labels = stages.get(ref.secretId());
    if (labels == null) {
      throw new SourceException.NotFound("secret '" + ref.secretId() + "' does not exist");
    }
    return labels;
  }

  private void failIfTold() throws SourceException {
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
