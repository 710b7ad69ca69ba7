package io.pullwarden.agent.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the one implementation of an interface the CLI delegates to ({@link AgentRunner}, {@link
 * SecretRenderer}) through {@link ServiceLoader}, and says so plainly when a build has none.
 */
final class Implementation {

  /** Exit code of a subcommand that this build cannot carry out. */
  static final int UNAVAILABLE = 2;

  private Implementation() {}

  /**
   * The registered implementation of {@code service}, if any.
   *
   * @throws IllegalStateException when more than one is registered: picking one by class path order
   *     would be a silent guess
   */
  static <T> Optional<T> of(Class<T> service) {
    List<T> found =
        ServiceLoader.load(service, Implementation.class.getClassLoader()).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    if (found.size() > 1) {
      throw new IllegalStateException(
          "more than one "
              + service.getName()
              + " is registered: "
              + found.stream().map(impl -> impl.getClass().getName()).toList());
    }
    return found.stream().findFirst();
  }

  /** Reports that {@code command} is not in this build and returns {@link #UNAVAILABLE}. */
  static int unavailable(PrintWriter err, String command, Class<?> service) {
    err.println(
        "pullwarden: '"
            + command
            + "' is not available in this build (no "
            + service.getName()
            + " implementation is registered)");
    err.flush();
    return UNAVAILABLE;
  }
}
