package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The desired state of a {@link PullSecretSync}. */
@JsonClassDescription(
    "What to write where: the Secret's name, the registries and their credentials, the target namespaces and ServiceAccounts, and the refresh, deletion and conflict policies.")
public class PullSecretSyncSpec {

  /**
   * A DNS-1123 subdomain, as Kubernetes requires of ServiceAccount names, for a CEL rule ({@code
   * [.]} rather than an escaped dot, which CEL and YAML would each want escaped again).
   */
  static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /**
   * Upper bounds that keep the CRD's CEL rules within the API server's cost budget; far above what
   * one pull Secret needs.
   */
  static final int MAX_REGISTRIES = 100;

  static final int MAX_SERVICE_ACCOUNTS = 100;

  /** What to do with written Secrets when a namespace leaves the selection or the sync goes. */
  public enum DeletionPolicy {
    Delete,
    Retain
  }

  /** What to do with a same-named Secret that Pullwarden did not write. */
  public enum ConflictPolicy {
    Skip,
    Adopt
  }

  @Required
  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @JsonPropertyDescription("Name of the Secret written in every target namespace.")
  private String secretName;

  @Required
  @Size(min = 1, max = MAX_REGISTRIES)
  @ValidationRule(
      value =
          "self.all(r, !has(r.server) || r.server == ''"
              + " || self.exists_one(o, has(o.server) && o.server == r.server))",
      message =
          "registries[].server must be unique within a sync; remove or merge the duplicate entry"
              + " (one entry per registry)")
  @JsonPropertyDescription(
      "Registries whose credentials are merged into the one .dockerconfigjson, one auths entry"
          + " each.")
  private List<RegistrySpec> registries = new ArrayList<>();

  @JsonPropertyDescription(
      "Target namespaces: those matching selector, plus those in names, minus those in exclude."
          + " Omitted: every namespace except kube-system, kube-public and kube-node-lease.")
  private NamespaceSelection namespaces;

  @Size(max = MAX_SERVICE_ACCOUNTS)
  @ValidationRule(
      value = "!self.exists(a, a == '*') || self.size() == 1",
      message =
          "serviceAccounts: '*' means every ServiceAccount and must be the only entry; remove"
              + " either the '*' or the names")
  @ValidationRule(
      value = "self.all(a, a == '*' || a.matches('" + DNS_SUBDOMAIN + "'))",
      message =
          "serviceAccounts entries must be ServiceAccount names (lower-case letters, digits, '-'"
              + " and '.', such as default or ci-builder) or '*'")
  @JsonPropertyDescription(
      "ServiceAccounts in each target namespace to attach secretName to as an imagePullSecret;"
          + " '*' means every ServiceAccount. Entries others added are never removed.")
  private List<@Size(max = 253) String> serviceAccounts = new ArrayList<>();

  /**
   * One cheap version check per credential per 10 s at most (ADR 0027): the fastest rotation at
   * that store load.
   */
  public static final String DEFAULT_REFRESH_INTERVAL = "10s";

  @Default(DEFAULT_REFRESH_INTERVAL)
  @Pattern("^([0-9]+(ms|s|m|h|d))+$")
  @JsonPropertyDescription(
      "How often to ask the store whether the credential changed (one version check, shared by"
          + " every sync of that credential), such as 10s, 5m or 1h; up to a tenth more at random."
          + " Default 10s. Leased and expiring credentials are also renewed on their own schedule.")
  private String refreshInterval = DEFAULT_REFRESH_INTERVAL;

  @Default("Delete")
  @JsonPropertyDescription(
      "Delete removes written Secrets (and the ServiceAccount entries Pullwarden added) when a"
          + " namespace leaves the selection or this sync is deleted; Retain keeps them.")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Delete;

  @Default("Skip")
  @JsonPropertyDescription(
      "Skip leaves a same-named Secret that Pullwarden did not write untouched and reports it;"
          + " Adopt takes it over.")
  private ConflictPolicy conflictPolicy = ConflictPolicy.Skip;

  @JsonPropertyDescription(
      "Labels and annotations added to every Secret this sync writes, such as a GitOps tool's"
          + " ignore annotation or a backup tool's label.")
  private SecretTemplate secretTemplate;

  public SecretTemplate getSecretTemplate() {
    return secretTemplate;
  }

  public void setSecretTemplate(SecretTemplate secretTemplate) {
    this.secretTemplate = secretTemplate;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public List<RegistrySpec> getRegistries() {
    return registries;
  }

  public void setRegistries(List<RegistrySpec> registries) {
    this.registries = registries;
  }

  public NamespaceSelection getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(NamespaceSelection namespaces) {
    this.namespaces = namespaces;
  }

  public List<String> getServiceAccounts() {
    return serviceAccounts;
  }

  public void setServiceAccounts(List<String> serviceAccounts) {
    this.serviceAccounts = serviceAccounts;
  }

  public String getRefreshInterval() {
    return refreshInterval;
  }

  public void setRefreshInterval(String refreshInterval) {
    this.refreshInterval = refreshInterval;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public ConflictPolicy getConflictPolicy() {
    return conflictPolicy;
  }

  public void setConflictPolicy(ConflictPolicy conflictPolicy) {
    this.conflictPolicy = conflictPolicy;
  }
}
