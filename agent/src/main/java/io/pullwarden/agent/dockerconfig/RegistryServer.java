package io.pullwarden.agent.dockerconfig;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code auths} key for a registry, and whether a server can be one. The kubelet looks Docker
 * Hub credentials up under {@code https://index.docker.io/v1/} only, so every spelling of Docker
 * Hub is rewritten to that key; any other server is kept as written, minus surrounding whitespace
 * and a trailing slash. A server the kubelet could never match (see {@link ServerSyntax}) is
 * rejected before it becomes a key, wherever it came from: the spec, a plugin or a stored document.
 */
public final class RegistryServer {

  /** The key the kubelet and the Docker CLI use for Docker Hub. */
  public static final String DOCKER_HUB = "https://index.docker.io/v1/";

  /** The longest server accepted, here and in the CRD. */
  public static final int MAX_LENGTH = 512;

  private static final Set<String> DOCKER_HUB_HOSTS =
      Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

  private RegistryServer() {}

  /**
   * Why {@code server} cannot be an auths key, starting with a verb and saying what to write
   * instead ("has scheme \"ftp://\"; …"); empty when it can. The reason never repeats the value.
   */
  public static Optional<String> problem(String server) {
    return ServerSyntax.problem(server);
  }

  /** The auths key for {@code server}, which {@link #problem} accepted. */
  public static String normalize(String server) {
    String stripped = server.strip();
    String host = stripped.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "");
    int slash = host.indexOf('/');
    String hostOnly = slash < 0 ? host : host.substring(0, slash);
    if (DOCKER_HUB_HOSTS.contains(hostOnly)) {
      return DOCKER_HUB;
    }
    String path = slash < 0 ? "" : host.substring(slash);
    // The kubelet reads a /v1/ or /v2/ path as the bare host, but /v2 as a repository prefix.
    if (path.equals("/v1/") || path.equals("/v2/") || !stripped.endsWith("/")) {
      return stripped;
    }
    return stripped.substring(0, stripped.length() - 1);
  }
}
