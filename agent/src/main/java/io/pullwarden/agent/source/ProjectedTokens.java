package io.pullwarden.agent.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a CredentialSource's plugin may read a ServiceAccount token from: only files in that
 * source's own directory under the agent's projected-token directories ({@code <dir>/<source>/...},
 * default {@code <dir>} {@value #DEFAULT_DIRECTORY}), where the chart mounts a token with the
 * store's audience for the sources it names. A relative path is taken inside that directory. The
 * agent's own API token ({@value #AGENT_TOKEN}) can read every Secret in the cluster, and a
 * source's author chooses the address a token is sent to; so no source may send that token, any
 * other file of the agent's, or a token projected for another source. Links are resolved before the
 * check, and the file read is the one checked.
 */
public final class ProjectedTokens {

  /** Where the chart mounts store tokens, one sub-directory per CredentialSource. */
  public static final String DEFAULT_DIRECTORY = "/var/run/secrets/pullwarden/tokens";

  /** The token the kubelet mounts for the agent's own API access. */
  static final String AGENT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

  /** What to read, or why not. */
  public sealed interface Decision {
    /** Read this file: {@code path} with every link resolved. */
    record Read(Path path) implements Decision {}

    /** Do not read; the message names the path and what to do. */
    record Refused(String message) implements Decision {}
  }

  private final List<Path> directories;

  public ProjectedTokens(List<Path> directories) {
    if (directories.isEmpty()) {
      throw new IllegalArgumentException("at least one projected-token directory is needed");
    }
    this.directories = List.copyOf(directories);
  }

  /** Whether {@code source} may read {@code path} as a token, and which file that is. */
  public Decision decide(String source, Path path) {
    Path asked = path.isAbsolute() ? path : directories.get(0).resolve(source).resolve(path);
    Path real;
    try {
      real = asked.toRealPath();
    } catch (IOException e) {
      return new Decision.Refused(
          "no token at "
              + asked
              + " ("
              + e.getClass().getSimpleName()
              + "); mount a projected ServiceAccount token with the store's audience in "
              + directories.get(0).resolve(source)
              + " (chart value storeTokens, an entry named "
              + source
              + ")");
    }
    if (real.equals(realPath(Path.of(AGENT_TOKEN)))) {
      return new Decision.Refused(
          "token path "
              + path
              + " is the agent's own API token, which is never sent to a store; mount a projected"
              + " ServiceAccount token with the store's audience in "
              + directories.get(0).resolve(source)
              + " (chart value storeTokens) and point the source at it");
    }
    for (Path directory : directories) {
      Path own = realPath(directory).resolve(source);
      if (real.startsWith(own) && !real.equals(own) && Files.isRegularFile(real)) {
        return new Decision.Read(real);
      }
    }
    return new Decision.Refused(
        "token path "
            + path
            + " is outside CredentialSource "
            + source
            + "'s projected-token directory "
            + directories.get(0).resolve(source)
            + "; mount a projected ServiceAccount token with the store's audience there (chart"
            + " value storeTokens, an entry named "
            + source
            + ") and point the source at it");
  }

  /** The path with every link resolved, or as given when it does not exist. */
  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath();
    }
  }
}
