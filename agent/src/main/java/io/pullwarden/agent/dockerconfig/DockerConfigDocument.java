package io.pullwarden.agent.dockerconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code .dockerconfigjson} that a store holds whole, and checks it the way the kubelet
 * will use it: an {@code auths} object whose entries carry either {@code auth} or a username and
 * password. Errors say what is wrong with the shape and never echo the content.
 */
final class DockerConfigDocument {

  private DockerConfigDocument() {}

  /** The auths entries, keyed by normalised server, each with username, password and auth. */
  static Map<String, Map<String, String>> parse(String field, String json)
      throws InvalidCredentialException {
    JsonNode root;
    try {
      root = DockerConfig.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidCredentialException(
          field, "the stored .dockerconfigjson is not valid JSON (line " + line(e) + ")");
    }
    JsonNode auths = root == null ? null : root.get("auths");
    if (auths == null || !auths.isObject() || auths.isEmpty()) {
      throw new InvalidCredentialException(
          field, "the stored .dockerconfigjson has no \"auths\" object with at least one entry");
    }
    Map<String, Map<String, String>> entries = new LinkedHashMap<>();
    for (var it = auths.fields(); it.hasNext(); ) {
      var server = it.next();
      entries.put(RegistryServer.normalize(server.getKey()), login(field, server));
    }
    return entries;
  }

  private static Map<String, String> login(String field, Map.Entry<String, JsonNode> server)
      throws InvalidCredentialException {
    JsonNode entry = server.getValue();
    String username = text(entry, "username");
    String password = text(entry, "password");
    if ((username == null || password == null) && text(entry, "auth") != null) {
      String decoded = decode(text(entry, "auth"));
      int colon = decoded == null ? -1 : decoded.indexOf(':');
      if (colon < 0) {
        throw new InvalidCredentialException(
            field,
            "auths entry "
                + server.getKey()
                + " has an \"auth\" that is not base64 of username:password");
      }
      username = decoded.substring(0, colon);
      password = decoded.substring(colon + 1);
    }
    if (username == null || password == null) {
      throw new InvalidCredentialException(
          field,
          "auths entry " + server.getKey() + " needs \"auth\", or \"username\" and \"password\"");
    }
    return DockerConfig.Builder.entry(username, password);
  }

  private static String text(JsonNode node, String key) {
    JsonNode value = node == null ? null : node.get(key);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  private static String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static long line(JsonProcessingException e) {
    return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
  }
}
