#!/usr/bin/env bash
# Prepares Vault (or OpenBao: VAULT=bao) for this example: a KV v2 secret holding the registry login,
# a read policy, and a kubernetes auth role for the agent's ServiceAccount (pullwarden in
# pullwarden-system). Run it with VAULT_ADDR and VAULT_TOKEN of an administrator, and with kubectl
# pointing at the cluster the agent runs in.
set -euo pipefail
VAULT=${VAULT:-vault}
cd "$(dirname "${BASH_SOURCE[0]}")"

# The registry login. A new version of it reaches every namespace at the next refresh.
"$VAULT" kv put -mount=secret registry/example username=robot password=change-me

"$VAULT" policy write pullwarden policy.hcl

# Kubernetes auth: Vault reviews the agent's token against the API server, with the agent's own
# token as the reviewer (see tokenreview-binding.yaml).
"$VAULT" auth enable kubernetes 2>/dev/null || true
kubectl config view --raw --minify --flatten \
  -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d > /tmp/pullwarden-k8s-ca.crt
"$VAULT" write auth/kubernetes/config \
  kubernetes_host="$(kubectl config view --raw --minify -o jsonpath='{.clusters[0].cluster.server}')" \
  kubernetes_ca_cert=@/tmp/pullwarden-k8s-ca.crt \
  disable_local_ca_jwt=true
"$VAULT" write auth/kubernetes/role/pullwarden \
  bound_service_account_names=pullwarden \
  bound_service_account_namespaces=pullwarden-system \
  token_policies=pullwarden \
  token_ttl=1h token_max_ttl=24h
