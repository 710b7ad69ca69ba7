package io.pullwarden.agent.plugins;

/**
 * Why one plugin jar cannot be used. Thrown and caught inside the catalog, which turns it into a
 * {@link PluginProblem} and goes on with the other jars.
 */
final class BrokenPluginException extends Exception {

  private static final long serialVersionUID = 1L;

  BrokenPluginException(String message) {
    super(message);
  }

  /** A message for {@code failure} that names its root cause, not PF4J's wrapper around it. */
  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message);
  }
}
