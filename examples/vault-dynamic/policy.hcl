# What the agent may do: issue Azure service principal credentials for the acr-pull role, and renew
# and revoke their leases.
path "azure/creds/acr-pull" {
  capabilities = ["read"]
}
path "sys/leases/renew" {
  capabilities = ["update"]
}
path "sys/leases/revoke" {
  capabilities = ["update"]
}
