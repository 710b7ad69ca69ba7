package io.pullwarden.agent.dockerconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code .dockerconfigjson} that a store holds whole, and checks it the way the kubelet
 * will use it: an {@code auths} object whose keys are servers the kubelet can match and whose
 * entries carry {@code auth} (which the kubelet prefers) or a username and password. Errors name
 * the auths key and what is wrong with the shape, and never echo a login or an {@code auth}.
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
    Map<String, String> keys = new LinkedHashMap<>();
    for (var it = auths.fields(); it.hasNext(); ) {
      var server = it.next();
      String name = "auths key " + Quoted.server(server.getKey());
      Optional<String> problem = RegistryServer.problem(server.getKey());
      if (problem.isPresent()) {
        throw invalid(field, name + " " + problem.get());
      }
      String key = RegistryServer.normalize(server.getKey());
      String earlier = keys.putIfAbsent(key, name);
      if (earlier != null) {
        throw invalid(field, earlier + " and " + name + " are the same registry " + key);
      }
      entries.put(key, login(field, name, server.getValue()));
    }
    return entries;
  }

  private static Map<String, String> login(String field, String name, JsonNode entry)
      throws InvalidCredentialException {
    String username = text(entry, "username");
    String password = text(entry, "password");
    String auth = text(entry, "auth");
    if (auth != null) {
      String decoded = decode(auth);
      if (decoded == null) {
        throw invalid(field, name + " has an \"auth\" that is not base64 of UTF-8 text");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw invalid(field, name + " has an \"auth\" without ':' between username and password");
      }
      String authUser = decoded.substring(0, colon);
      String authPassword = decoded.substring(colon + 1);
      if ((username != null && !username.equals(authUser))
          || (password != null && !password.equals(authPassword))) {
        throw invalid(
            field,
            name
                + " has \"username\" or \"password\" that differ from its \"auth\"; keep only"
                + " \"auth\", or make them agree");
      }
      username = authUser;
      password = authPassword;
    }
    if (username == null || password == null) {
      throw invalid(field, name + " needs \"auth\", or \"username\" and \"password\"");
    }
    Optional<String> problem = RegistryLogin.problem(username, password);
    if (problem.isPresent()) {
      throw invalid(field, name + (auth == null ? " " : " (in \"auth\") ") + problem.get());
    }
    return DockerConfig.Builder.entry(username, password);
  }

  private static InvalidCredentialException invalid(String field, String problem) {
    return new InvalidCredentialException(
        field, "the stored .dockerconfigjson's " + problem + " (fix the document in the store)");
  }

  private static String text(JsonNode node, String key) {
    JsonNode value = node == null ? null : node.get(key);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  /** The text {@code auth} encodes, or null when it is not base64 of valid UTF-8. */
  private static String decode(String base64) {
    try {
      byte[] bytes = Base64.getDecoder().decode(base64.trim());
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
  }

  private static long line(JsonProcessingException e) {
    return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
  }
}
