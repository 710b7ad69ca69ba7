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

# Kubernetes auth: the agent logs in with a token the chart projects for Vault alone (audience
# "vault"); Vault reviews it against the API server with a reviewer token of its own
# (tokenreview-binding.yaml), asking for that audience.
"$VAULT" auth enable kubernetes 2>/dev/null || true
kubectl apply -f tokenreview-binding.yaml
until REVIEWER_JWT=$(kubectl -n pullwarden-system get secret vault-token-reviewer \
    -o jsonpath='{.data.token}' | base64 -d) && [ -n "$REVIEWER_JWT" ]; do sleep 1; done
kubectl config view --raw --minify --flatten \
  -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d > /tmp/pullwarden-k8s-ca.crt
"$VAULT" write auth/kubernetes/config \
  kubernetes_host="$(kubectl config view --raw --minify -o jsonpath='{.clusters[0].cluster.server}')" \
  kubernetes_ca_cert=@/tmp/pullwarden-k8s-ca.crt \
  token_reviewer_jwt="$REVIEWER_JWT" \
  disable_local_ca_jwt=true
"$VAULT" write auth/kubernetes/role/pullwarden \
  bound_service_account_names=pullwarden \
  bound_service_account_namespaces=pullwarden-system \
  audience=vault \
  token_policies=pullwarden \
  token_ttl=1h token_max_ttl=24h
