/**
 * Test support for source plugins: {@link io.pullwarden.plugin.testkit.CredentialSourceConformance}
 * (the behaviour every plugin must show against its real store), {@link
 * io.pullwarden.plugin.testkit.PluginJarConformance} (the built jar loads in PF4J), {@link
 * io.pullwarden.plugin.testkit.InMemorySourceContext} (a context with Secrets in memory) and {@link
 * io.pullwarden.plugin.testkit.TestSourceContext} (a context backed by a real API server). Plugins,
 * in this repository or outside it, depend on this module in test scope only (the parent {@code
 * pullwarden-plugin-parent} adds it).
 */
package io.pullwarden.plugin.testkit;
