package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The desired state of a {@link CredentialSource}: which plugin, configured how. */
@JsonClassDescription(
    "The plugin that serves the store (type), its config, the namespaces it may serve, and how leases and failures are handled.")
public class CredentialSourceSpec {

  @Required
  @Pattern("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "The plugin that serves this source, such as vault, aws-secrets-manager, aws-ecr or"
          + " kubernetes-secret. 'pullwarden plugins' lists the types this agent has.")
  private String type;

  @SchemaFrom(type = FreeFormObject.class)
  @JsonPropertyDescription(
      "Plugin-specific settings: address, authentication, TLS. Validated by the plugin; see"
          + " docs/providers/<type>.md.")
  private Map<String, Object> config = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "The namespaces that may receive this source's credentials: names and/or a label selector"
          + " ({selector: {}} allows all). Omitted: none, so a PullSecretSync that uses this source"
          + " writes nowhere and reports NamespaceNotAllowed.")
  private AllowedNamespaces targetNamespaces;

  @Size(max = 20)
  @JsonPropertyDescription(
      "Registries (host[:port], '*' for any run of characters, such as *.example.com or"
          + " registry.example.com:*; docker.io for Docker Hub) that PullSecretSyncs may send this"
          + " source's credentials to when they verify them (spec.registries[].verify). A sync"
          + " author chooses a registry's server, so a credential is checked only against a"
          + " registry listed here or one the store itself names (such as ECR's proxyEndpoint);"
          + " any other check is reported Unverified. A Bearer token service on another host than"
          + " its registry's (GitLab's, say) gets the credential only if listed here too. Write an"
          + " entry as http://host to also allow"
          + " plain http or insecureSkipTLSVerify to it. Never list '*' unless every PullSecretSync"
          + " author may receive the credentials.")
  private List<@Size(max = 260) String> verifyRegistries = new ArrayList<>();

  @JsonPropertyDescription(
      "How leased and expiring credentials from this source are renewed, re-fetched and revoked.")
  private LeasePolicySpec leases;

  @JsonPropertyDescription(
      "Timeouts, retries, circuit breaker and rate limit for calls to the store.")
  private ResilienceSpec resilience;

  public List<String> getVerifyRegistries() {
    return verifyRegistries;
  }

  public void setVerifyRegistries(List<String> verifyRegistries) {
    this.verifyRegistries = verifyRegistries;
  }

  public AllowedNamespaces getTargetNamespaces() {
    return targetNamespaces;
  }

  public void setTargetNamespaces(AllowedNamespaces targetNamespaces) {
    this.targetNamespaces = targetNamespaces;
  }

  public ResilienceSpec getResilience() {
    return resilience;
  }

  public void setResilience(ResilienceSpec resilience) {
    this.resilience = resilience;
  }

  public LeasePolicySpec getLeases() {
    return leases;
  }

  public void setLeases(LeasePolicySpec leases) {
    this.leases = leases;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Map<String, Object> getConfig() {
    return config;
  }

  public void setConfig(Map<String, Object> config) {
    this.config = config;
  }
}
