/**
 * The {@code kubernetes-secret} source plugin: registry credentials kept in central Kubernetes
 * Secrets, read through the agent's {@link io.pullwarden.plugin.ClusterSecrets}. It needs no store
 * of its own, which makes it the zero-dependency default source.
 */
package io.pullwarden.plugins.kubernetessecret;
