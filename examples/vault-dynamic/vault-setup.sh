#!/usr/bin/env bash
# Prepares Vault for this example: the Azure secrets engine issuing short-lived service principals
# with the AcrPull role on one registry, a policy, and an AppRole login for the agent. Run it with
# VAULT_ADDR and VAULT_TOKEN of an administrator and these variables set:
#   AZURE_SUBSCRIPTION_ID AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET  (Vault's own identity)
#   ACR_ID   the registry's resource id: /subscriptions/…/resourceGroups/…/providers/
#            Microsoft.ContainerRegistry/registries/<name>
# It prints the role ID for credentialsource.yaml and creates the Secret holding the secret ID.
set -euo pipefail
VAULT=${VAULT:-vault}
cd "$(dirname "${BASH_SOURCE[0]}")"

"$VAULT" secrets enable azure 2>/dev/null || true
"$VAULT" write azure/config \
  subscription_id="$AZURE_SUBSCRIPTION_ID" tenant_id="$AZURE_TENANT_ID" \
  client_id="$AZURE_CLIENT_ID" client_secret="$AZURE_CLIENT_SECRET"
# Each read of azure/creds/acr-pull creates a service principal that may pull from the registry,
# under a lease of 1h that can be renewed up to 24h; revoking the lease deletes it.
"$VAULT" write azure/roles/acr-pull ttl=1h max_ttl=24h azure_roles=- <<JSON
[{"role_name": "AcrPull", "scope": "$ACR_ID"}]
JSON

"$VAULT" policy write pullwarden-acr policy.hcl

"$VAULT" auth enable approle 2>/dev/null || true
"$VAULT" write auth/approle/role/pullwarden token_policies=pullwarden-acr token_ttl=1h token_max_ttl=24h
echo "roleId for credentialsource.yaml: $("$VAULT" read -field=role_id auth/approle/role/pullwarden/role-id)"
kubectl -n pullwarden-system create secret generic vault-approle \
  --from-literal=secretId="$("$VAULT" write -f -field=secret_id auth/approle/role/pullwarden/secret-id)" \
  --dry-run=client -o yaml | kubectl apply -f -
# Only the CredentialSource named here may read that Secret (docs/security.md).
kubectl -n pullwarden-system annotate --overwrite secret vault-approle \
  pullwarden.io/credential-sources=vault-azure
