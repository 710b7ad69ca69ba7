/**
 * Test support for source plugins: {@link io.pullwarden.plugin.testkit.CredentialSourceConformance}
 * (the behaviour every plugin must show against its real store), {@link
 * io.pullwarden.plugin.testkit.PluginJarConformance} (the built jar loads in PF4J) and {@link
 * io.pullwarden.plugin.testkit.TestSourceContext} (a context backed by a real API server). Plugins
 * depend on this module in test scope only.
 */
package io.pullwarden.plugin.testkit;
