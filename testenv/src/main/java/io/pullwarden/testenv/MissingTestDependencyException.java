package io.pullwarden.testenv;

import java.nio.file.Path;

/**
 * Thrown when a real server an integration test needs is not installed. It fails the test rather
 * than skipping it, and its message names the missing piece and the command that installs it.
 */
public final class MissingTestDependencyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  MissingTestDependencyException(String what, Path expectedAt) {
    super(
        what
            + " is not installed (expected at "
            + expectedAt
            + "). Install every test dependency with: "
            + TestDependencies.INSTALL_COMMAND);
  }
}
