/**
 * The contract between the Pullwarden agent and its source plugins. A plugin is a PF4J plugin jar
 * with one or more {@link io.pullwarden.plugin.CredentialSourceFactory} extensions; it compiles
 * against this package and PF4J only, with both in {@code provided} scope.
 */
package io.pullwarden.plugin;
