package io.pullwarden.agent.diagnose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A pull Secret read as the kubelet reads it ({@code pkg/credentialprovider/secrets}): only type
 * {@code kubernetes.io/dockerconfigjson} with {@code .dockerconfigjson}, or {@code
 * kubernetes.io/dockercfg} with {@code .dockercfg}; a Secret of another type is skipped, one whose
 * document does not parse fails the pull. The {@code auths} keys are kept exactly as written (the
 * agent's {@code DockerConfigDocument} normalises them, which would hide the very mismatch a
 * diagnosis looks for). Problems name the key and the field, never a value.
 */
sealed interface PullSecretDocument {

  String DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
  String DOCKERCFG = "kubernetes.io/dockercfg";

  /**
   * A document the kubelet uses.
   *
   * @param keys its auths keys, as written
   */
  record Usable(List<String> keys) implements PullSecretDocument {}

  /**
   * A Secret the kubelet skips (wrong type, or the key for its type missing or empty).
   *
   * @param problem why, starting with a verb
   */
  record Skipped(String problem) implements PullSecretDocument {}

  /**
   * A document the kubelet cannot parse: it fails the pull of every image of the pod.
   *
   * @param problem why, starting with a verb
   */
  record Unparseable(String problem) implements PullSecretDocument {}

  /** Reads {@code secret} as the kubelet would. */
  static PullSecretDocument read(Secret secret) {
    String type = secret.getType() == null ? "Opaque" : secret.getType();
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String dataKey =
        switch (type) {
          case DOCKER_CONFIG_JSON -> ".dockerconfigjson";
          case DOCKERCFG -> ".dockercfg";
          default -> null;
        };
    if (dataKey == null) {
      return new Skipped(
          "has type "
              + type
              + "; the kubelet uses only "
              + DOCKER_CONFIG_JSON
              + " or "
              + DOCKERCFG);
    }
    String encoded = data.get(dataKey);
    if (encoded == null || encoded.isEmpty()) {
      return new Skipped("has no " + dataKey + " data, which its type " + type + " needs");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Base64.getMimeDecoder().decode(encoded));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return new Unparseable("has " + dataKey + " that is not JSON");
    } catch (java.io.IOException e) {
      return new Unparseable("has " + dataKey + " that cannot be read");
    }
    JsonNode auths = type.equals(DOCKER_CONFIG_JSON) ? root.path("auths") : root;
    if (!auths.isObject()) {
      return type.equals(DOCKER_CONFIG_JSON) && auths.isMissingNode()
          ? new Usable(List.of())
          : new Unparseable("has " + dataKey + " whose auths is not a JSON object");
    }
    List<String> keys = new ArrayList<>();
    for (var it = auths.fields(); it.hasNext(); ) {
      var entry = it.next();
      String problem = entryProblem(entry.getValue());
      if (problem != null) {
        return new Unparseable("has auths key \"" + entry.getKey() + "\" " + problem);
      }
      keys.add(entry.getKey());
    }
    return new Usable(keys);
  }

  /** The kubelet's DockerConfigEntry.UnmarshalJSON failures, or null. */
  private static String entryProblem(JsonNode entry) {
    if (!entry.isObject()) {
      return "whose entry is not a JSON object";
    }
    JsonNode auth = entry.path("auth");
    if (auth.isMissingNode() || auth.isNull() || auth.asText().isEmpty()) {
      return null;
    }
    if (!auth.isTextual()) {
      return "whose \"auth\" is not a string";
    }
    try {
      String decoded =
          new String(Base64.getDecoder().decode(auth.asText()), StandardCharsets.UTF_8);
      return decoded.indexOf(':') < 0 ? "whose \"auth\" is not base64 of username:password" : null;
    } catch (IllegalArgumentException e) {
      return "whose \"auth\" is not base64";
    }
  }
}
