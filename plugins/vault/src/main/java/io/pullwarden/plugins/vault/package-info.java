/**
 * The {@code vault} source plugin: registry credentials read from HashiCorp Vault or OpenBao — KV
 * v2 and v1 secrets and leased reads such as database credentials — with Kubernetes, AppRole or
 * token login. Every Vault call goes through {@link io.pullwarden.plugins.vault.VaultGateway},
 * whose one real implementation uses the vault-java-driver bundled into the plugin jar.
 */
package io.pullwarden.plugins.vault;
