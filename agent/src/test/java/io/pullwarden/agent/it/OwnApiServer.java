package io.pullwarden.agent.it;

import io.pullwarden.testenv.KubernetesServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class an API server of its own, started on first use and stopped when the class
 * ends: declare {@code @ExtendWith(OwnApiServer.class)} and take a {@code KubernetesServer}
 * parameter.
 *
 * <p>For the classes that cannot share a cluster with the module's shared agent ({@link
 * AgentExtension}): those that start agents of their own (launched or in-process, as the chart's
 * account, behind a proxy) and would reconcile the same resources twice, and those that install
 * cluster-wide admission policies. Test JVMs are reused (see the module's Failsafe configuration),
 * so the testenv's per-JVM {@code KubernetesExtension} would hand such a class the shared agent's
 * cluster.
 */
final class OwnApiServer implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(OwnApiServer.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KubernetesServer.class;
  }

  @Override
  public KubernetesServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent()) {
      classContext = classContext.getParent().orElseThrow();
    }
    // JUnit closes an AutoCloseable held in a store when that store's context ends.
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            KubernetesServer.class, type -> KubernetesServer.start(), KubernetesServer.class);
  }
}
