package io.pullwarden.agent.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where plugins may read ServiceAccount tokens from: only files under the agent's projected-token
 * directories (default {@value #DEFAULT_DIRECTORY}), where the chart mounts tokens with a store's
 * own audience and a short life. The agent's own API token ({@value #AGENT_TOKEN}) can read every
 * Secret in the cluster; a token path chosen by whoever writes a CredentialSource must never send
 * it, or any other file of the agent's, to a store address they also chose. Symbolic links are
 * resolved first (projected volumes are built of them), so a link cannot lead out of a directory.
 */
public final class ProjectedTokens {

  /** Where the chart mounts store tokens, one sub-directory per token. */
  public static final String DEFAULT_DIRECTORY = "/var/run/secrets/pullwarden/tokens";

  /** The token the kubelet mounts for the agent's own API access. */
  static final String AGENT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

  private final List<Path> directories;

  public ProjectedTokens(List<Path> directories) {
    this.directories = List.copyOf(directories);
  }

  /**
   * Why {@code path} may not be read as a token, naming the path and what to do; empty when it may.
   * A path that does not exist is allowed here (reading it then reports a missing token).
   */
  public Optional<String> refusal(Path path) {
    if (!path.isAbsolute()) {
      return Optional.of("token path " + path + " is not absolute");
    }
    Path real = realPath(path);
    if (real.equals(realPath(Path.of(AGENT_TOKEN)))) {
      return Optional.of(
          "token path "
              + path
              + " is the agent's own API token, which is never sent to a store; mount a projected"
              + " ServiceAccount token with the store's audience under "
              + directories
              + " (chart value storeTokens) and point the source at it");
    }
    for (Path directory : directories) {
      if (real.startsWith(realPath(directory)) && !real.equals(realPath(directory))) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "token path "
            + path
            + " is outside the agent's projected-token directories "
            + directories
            + "; mount a projected ServiceAccount token with the store's audience there (chart"
            + " value storeTokens) and point the source at it");
  }

  /** The path with every link resolved, as far as it exists; normalised where it does not. */
  private static Path realPath(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    try {
      return Files.exists(absolute) ? absolute.toRealPath() : absolute;
    } catch (IOException e) {
      return absolute;
    }
  }
}
