package io.pullwarden.testenv;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Base of the testenv extensions: starts one server per test JVM, the first time a test asks for it
 * as a constructor or method parameter, and stops it when the whole run ends (JUnit closes {@link
 * AutoCloseable} values of the launcher session's store). Servers are shared because starting them
 * is the slow part; tests isolate themselves with their own names (namespaces, paths, secret ids).
 *
 * @param <T> the server type tests receive
 */
public abstract class SharedServerExtension<T extends AutoCloseable> implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedServerExtension.class);

  private final Class<T> serverType;

  protected SharedServerExtension(Class<T> serverType) {
    this.serverType = serverType;
  }

  /**
   * Starts the server; called at most once per test JVM. {@code context} lets a server that builds
   * on another (an agent on the API server) get that one.
   */
  protected abstract T start(ExtensionContext context);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == serverType;
  }

  @Override
  public T resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  /**
   * The shared server, started on first use; public so an extension that builds on another server
   * (an agent on the API server) can get it.
   */
  public T server(ExtensionContext context) {
    // The launcher session's store, not the root context's: Surefire and Failsafe run each test
    // class of a reused fork as a launch of its own, whose root store closes with the class.
    return context
        .getStore(ExtensionContext.StoreScope.LAUNCHER_SESSION, NAMESPACE)
        .getOrComputeIfAbsent(getClass(), key -> start(context), serverType);
  }
}
