package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.pullwarden.agent.dockerconfig.RegistryServer;
import java.util.LinkedHashMap;
import java.util.Map;

/** One registry of a {@link PullSecretSync}: its auths key, and where its credential lives. */
public class RegistrySpec {

  /** Whether a changed credential is proven with the registry before it is written (ADR 0024). */
  public enum Verify {
    /** A credential the registry rejects is not written; the Secrets keep the last one. */
    Enforce,
    /** Written anyway; the rejection is reported in status, an Event and a metric. */
    Warn,
    /** No network call to the registry. */
    Off
  }

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

  @Default("Warn")
  @JsonPropertyDescription(
      "Prove a changed credential with the registry (the Registry V2 login a container runtime"
          + " makes) before writing it. Enforce: a credential the registry rejects (401/403) is"
          + " not written and existing Secrets keep the last one. Warn (default): written anyway,"
          + " and the rejection reported. Off: no call to the registry. A registry that cannot be"
          + " reached is reported unverified and never holds a credential back.")
  private Verify verify = Verify.Warn;

  @Size(max = 255)
  @Pattern("^[a-z0-9]+([._/-][a-z0-9]+)*$")
  @JsonPropertyDescription(
      "A repository on the registry, such as team/app (on Docker Hub, nginx means library/nginx),"
          + " to ask a pull-scoped token for when the registry uses Bearer tokens; the token is then"
          + " tried on the repository's tags list, and a 401 or 403 there (which some registries"
          + " also answer for a repository that does not exist) is a rejection. Without it the"
          + " check asks for a token with no scope.")
  private String repository;

  @Size(max = 65536)
  @JsonPropertyDescription(
      "PEM CA certificates the registry's TLS certificate is checked against, in addition to the"
          + " agent's trusted CAs (what containerd's hosts.toml calls ca).")
  private String caBundle;

  @JsonPropertyDescription(
      "Do not check the registry's TLS certificate or host name when verifying (containerd's"
          + " skip_verify). Only for a test registry: anyone on the path can then read the"
          + " credential the check sends, so it applies only to a server the source lists as"
          + " http://host in spec.verifyRegistries.")
  private Boolean insecureSkipTLSVerify;

  public Verify getVerify() {
    return verify;
  }

  public void setVerify(Verify verify) {
    this.verify = verify;
  }

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  public String getCaBundle() {
    return caBundle;
  }

  public void setCaBundle(String caBundle) {
    this.caBundle = caBundle;
  }

  public Boolean getInsecureSkipTLSVerify() {
    return insecureSkipTLSVerify;
  }

  public void setInsecureSkipTLSVerify(Boolean insecureSkipTLSVerify) {
    this.insecureSkipTLSVerify = insecureSkipTLSVerify;
  }

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
