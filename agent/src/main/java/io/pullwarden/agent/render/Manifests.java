package io.pullwarden.agent.render;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.PullSecretSync;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifests in a YAML file given to {@code pullwarden render}: PullSecretSyncs, the
 * CredentialSources they use and, for offline use of the kubernetes-secret plugin, the Secrets
 * those read. Other kinds are ignored, so a file that is also applied with kubectl works as it is.
 */
record Manifests(
    List<PullSecretSync> syncs, Map<String, CredentialSource> sources, List<Secret> secrets) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * @throws IOException when the file cannot be read or is not YAML
   */
  static Manifests read(Path file) throws IOException {
    List<PullSecretSync> syncs = new ArrayList<>();
    Map<String, CredentialSource> sources = new LinkedHashMap<>();
    List<Secret> secrets = new ArrayList<>();
    ObjectMapper json = Serialization.jsonMapper();
    try (Reader reader = Files.newBufferedReader(file);
        MappingIterator<Map<String, Object>> documents =
            YAML.readerFor(Map.class).readValues(reader)) {
      while (documents.hasNext()) {
        Map<String, Object> document = documents.next();
        if (document == null) {
          continue;
        }
        switch (String.valueOf(document.get("kind"))) {
          case "PullSecretSync" -> syncs.add(json.convertValue(document, PullSecretSync.class));
          case "CredentialSource" -> {
            CredentialSource source = json.convertValue(document, CredentialSource.class);
            sources.put(source.getMetadata().getName(), source);
          }
          case "Secret" -> secrets.add(json.convertValue(document, Secret.class));
          default -> {}
        }
      }
    }
    return new Manifests(syncs, sources, secrets);
  }
}
