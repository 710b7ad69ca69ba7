package io.pullwarden.agent.dockerconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pullwarden.agent.registry.RegistryCheck;
import io.pullwarden.plugin.CredentialSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code .dockerconfigjson} a PullSecretSync writes: one {@code auths} entry per registry,
 * built natively (with the {@code auth} field the kubelet reads) and serialised canonically, so the
 * same credentials always give the same bytes and the same {@link #hash()}. Comparing hashes is how
 * the agent decides whether a namespace needs a write.
 */
public final class DockerConfig {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final byte[] json;

  /**
   * Computed once: a pass compares it with every selected namespace's Secret, twice each; at 5,000
   * namespaces hashing it anew each time made a new namespace's median 77 ms instead of 68 ms in
   * one benchmark run each (ADR 0026).
   */
  private final String hash;

  private DockerConfig(byte[] json) {
    this.json = json;
    this.hash = hashOf(json);
  }

  /** Starts an empty config; add one registry at a time. */
  public static Builder builder() {
    return new Builder();
  }

  /** The document, as stored under the Secret's {@code .dockerconfigjson} key. */
  public byte[] json() {
    return json.clone();
  }

  /** {@code sha256:<hex>} of {@link #json()}. */
  public String hash() {
    return hash;
  }

  /** {@code sha256:<hex>} of arbitrary Secret data, to compare a Secret found in the cluster. */
  public static String hashOf(byte[] data) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * The username and password of {@code server}'s entry (from {@code username}/{@code password},
   * else from {@code auth}), for the registry check; empty when the entry has none (an identity
   * token) or there is no such entry.
   */
  public Optional<RegistryCheck.Login> login(String server) {
    try {
      JsonNode entry = JSON.readTree(json).path("auths").path(server);
      String username = entry.path("username").asText("");
      String password = entry.path("password").asText("");
      if ((username.isEmpty() || password.isEmpty()) && !entry.path("auth").asText("").isEmpty()) {
        String auth =
            new String(
                Base64.getDecoder().decode(entry.path("auth").asText()), StandardCharsets.UTF_8);
        int colon = auth.indexOf(':');
        if (colon > 0) {
          username = auth.substring(0, colon);
          password = auth.substring(colon + 1);
        }
      }
      return username.isEmpty() || password.isEmpty()
          ? Optional.empty()
          : Optional.of(new RegistryCheck.Login(username, password));
    } catch (java.io.IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "DockerConfig[" + hash() + "]";
  }

  /** Collects registries, checking each as it is added. */
  public static final class Builder {
    private final Map<String, Map<String, String>> auths = new TreeMap<>();
    private final Map<String, String> addedBy = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds the credential of the registry at {@code field} (such as {@code spec.registries[0]}).
     *
     * @param server the spec's server, or empty to take it from the store or the document
     * @param storeServer the registry the store named for this credential, if any
     */
    public Builder add(
        String field,
        Optional<String> server,
        Optional<String> storeServer,
        CredentialSecret secret)
        throws InvalidCredentialException {
      switch (secret) {
        case CredentialSecret.UsernamePassword login -> {
          String key = server(field, server, storeServer);
          Optional<String> problem = RegistryLogin.problem(login.username(), login.password());
          if (problem.isPresent()) {
            throw new InvalidCredentialException(
                field, "the credential in the store " + problem.get());
          }
          put(field, key, entry(login.username(), login.password()));
        }
        case CredentialSecret.DockerConfigJson document -> addDocument(field, server, document);
      }
      return this;
    }

    /** The auths keys added so far, normalised. */
    public java.util.Set<String> servers() {
      return java.util.Set.copyOf(auths.keySet());
    }

    /** The finished document. */
    public DockerConfig build() {
      ObjectNode root = JSON.createObjectNode();
      root.set("auths", JSON.valueToTree(auths));
      try {
        return new DockerConfig(JSON.writeValueAsBytes(JSON.treeToValue(root, TreeMap.class)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("could not serialise a docker config", e);
      }
    }

    private void addDocument(
        String field, Optional<String> server, CredentialSecret.DockerConfigJson document)
        throws InvalidCredentialException {
      Map<String, Map<String, String>> entries = DockerConfigDocument.parse(field, document.json());
      if (server.isEmpty()) {
        for (var entry : entries.entrySet()) {
          put(field, entry.getKey(), entry.getValue());
        }
        return;
      }
      String wanted = RegistryServer.normalize(specServer(field, server.get()));
      Map<String, String> match = entries.get(wanted);
      if (match == null && entries.size() == 1) {
        match = entries.values().iterator().next();
      }
      if (match == null) {
        throw new InvalidCredentialException(
            field + ".server",
            "the stored .dockerconfigjson has no auths entry for "
                + wanted
                + " (it has "
                + entries.keySet()
                + ")");
      }
      put(field, wanted, match);
    }

    /** The spec's server, else the store's; each checked, as the kubelet must match it. */
    private static String server(
        String field, Optional<String> server, Optional<String> storeServer)
        throws InvalidCredentialException {
      if (server.isPresent()) {
        return specServer(field, server.get());
      }
      if (storeServer.isEmpty()) {
        throw new InvalidCredentialException(
            field + ".server",
            "is required: the store does not say which registry this credential is for");
      }
      Optional<String> problem = RegistryServer.problem(storeServer.get());
      if (problem.isPresent()) {
        throw new InvalidCredentialException(
            field,
            "the store names registry "
                + Quoted.server(storeServer.get())
                + " for this credential, which "
                + problem.get()
                + ". Fix it in the store, or set "
                + field
                + ".server");
      }
      return storeServer.get();
    }

    private static String specServer(String field, String server)
        throws InvalidCredentialException {
      Optional<String> problem = RegistryServer.problem(server);
      if (problem.isPresent()) {
        throw new InvalidCredentialException(field + ".server", problem.get());
      }
      return server;
    }

    private void put(String field, String server, Map<String, String> entry)
        throws InvalidCredentialException {
      String key = RegistryServer.normalize(server);
      String earlier = addedBy.putIfAbsent(key, field);
      if (earlier != null) {
        throw new InvalidCredentialException(
            field, "registry " + key + " is already given by " + earlier + "; give it once");
      }
      auths.put(key, entry);
    }

    static Map<String, String> entry(String username, String password) {
      String auth =
          Base64.getEncoder()
              .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
      return Map.of("username", username, "password", password, "auth", auth);
    }
  }

  static JsonNode readTree(String json) throws JsonProcessingException {
    return JSON.readTree(json);
  }
}
