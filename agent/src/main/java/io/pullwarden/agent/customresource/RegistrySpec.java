package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.pullwarden.agent.dockerconfig.RegistryServer;
import java.util.LinkedHashMap;
import java.util.Map;

/** One registry of a {@link PullSecretSync}: its auths key, and where its credential lives. */
public class RegistrySpec {

  @Size(max = RegistryServer.MAX_LENGTH)
  @JsonPropertyDescription(
      "The auths key, such as registry.example.com, registry.example.com:5000 or"
          + " https://registry.example.com/v2/; docker.io and its aliases become"
          + " https://index.docker.io/v1/. A host (ASCII; punycode for international names, '*'"
          + " for a whole label), IPv4 or [IPv6] address, optional port and path; no query,"
          + " fragment or user@. May be omitted when the source names the registry (ECR) or the"
          + " credential is a whole .dockerconfigjson.")
  private String server;

  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @JsonPropertyDescription(
      "Name of the CredentialSource that holds the credential (an object name: lower-case"
          + " letters, digits, '-' and '.').")
  private String sourceRef;

  @SchemaFrom(type = FreeFormObject.class)
  @JsonPropertyDescription(
      "Plugin-specific reference to the credential in the store, such as {path: registry/example}.")
  private Map<String, Object> ref = new LinkedHashMap<>();

  public String getServer() {
    return server;
  }

  public void setServer(String server) {
    this.server = server;
  }

  public String getSourceRef() {
    return sourceRef;
  }

  public void setSourceRef(String sourceRef) {
    this.sourceRef = sourceRef;
  }

  public Map<String, Object> getRef() {
    return ref;
  }

  public void setRef(Map<String, Object> ref) {
    this.ref = ref;
  }
}
