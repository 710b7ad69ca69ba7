package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * What to write where: one {@code kubernetes.io/dockerconfigjson} Secret, built from one or more
 * registry credentials, kept in every selected namespace and attached to the named ServiceAccounts.
 * Cluster-scoped because it spans namespaces.
 */
@Group("pullwarden.io")
@Version("v1alpha1")
@ShortNames("pwsync")
@Categories("pullwarden")
// kubectl shows the columns in the order declared here (CustomResourceDefinitionsTest keeps it).
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Synced",
    jsonPath = ".status.namespaces.synced",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Selected",
    jsonPath = ".status.namespaces.selected",
    type = AdditionalPrinterColumn.Type.INTEGER)
// A string, not a date: kubectl prints a date column in the future as "<invalid>".
@AdditionalPrinterColumn(name = "Expires", jsonPath = ".status.expiresAt")
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@JsonClassDescription(
    "Keeps one kubernetes.io/dockerconfigjson Secret, built from registry credentials in secret stores, current in every selected namespace and attached to the named ServiceAccounts; rotated in place when a credential changes. Cluster-scoped.")
public class PullSecretSync extends CustomResource<PullSecretSyncSpec, PullSecretSyncStatus> {

  private static final long serialVersionUID = 1L;

  @Override
  protected PullSecretSyncStatus initStatus() {
    return new PullSecretSyncStatus();
  }
}
