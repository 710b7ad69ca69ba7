# What the agent may read: the KV v2 data and metadata under registry/ of mount "secret".
path "secret/data/registry/*" {
  capabilities = ["read"]
}
path "secret/metadata/registry/*" {
  capabilities = ["read"]
}
