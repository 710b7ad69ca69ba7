package io.pullwarden.agent.dockerconfig;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code auths} key for a registry. The kubelet looks Docker Hub credentials up under {@code
 * https://index.docker.io/v1/} only, so every spelling of Docker Hub is rewritten to that key; any
 * other server is kept as written, minus surrounding space and a trailing slash.
 */
public final class RegistryServer {

  /** The key the kubelet and the Docker CLI use for Docker Hub. */
  public static final String DOCKER_HUB = "https://index.docker.io/v1/";

  private static final Set<String> DOCKER_HUB_HOSTS =
      Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

  private RegistryServer() {}

  /** The auths key for {@code server}. */
  public static String normalize(String server) {
    String trimmed = server.trim();
    String host = trimmed.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "");
    int slash = host.indexOf('/');
    String hostOnly = slash < 0 ? host : host.substring(0, slash);
    if (DOCKER_HUB_HOSTS.contains(hostOnly)) {
      return DOCKER_HUB;
    }
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
