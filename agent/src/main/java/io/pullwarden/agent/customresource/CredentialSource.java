package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * How to reach and log in to one credential store. Cluster-scoped: a platform team defines its
 * stores once and every PullSecretSync refers to them by name. The plugin named by {@code
 * spec.type} validates {@code spec.config}; the agent opens one session per CredentialSource and
 * shares it between every sync that uses it.
 */
@Group("pullwarden.io")
@Version("v1alpha1")
@ShortNames("pwsource")
@Categories("pullwarden")
// kubectl shows the columns in the order declared here (CustomResourceDefinitionsTest keeps it).
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.type")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@JsonClassDescription(
    "A secret store and how to log in to it (Vault or OpenBao, AWS Secrets Manager, Amazon ECR, a Kubernetes Secret, or a plugin's store), which PullSecretSyncs read registry credentials from. Cluster-scoped; only platform administrators should be able to write one.")
public class CredentialSource extends CustomResource<CredentialSourceSpec, CredentialSourceStatus> {

  private static final long serialVersionUID = 1L;

  @Override
  protected CredentialSourceStatus initStatus() {
    return new CredentialSourceStatus();
  }
}
