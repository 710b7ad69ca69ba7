package io.pullwarden.agent.registry;

import io.pullwarden.agent.dockerconfig.RegistryServer;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the V2 API of the registry an {@code auths} key names lives: the key's scheme (https when
 * none is given), its host and port; any path is a repository prefix to the kubelet, not part of
 * the API's address. Docker Hub's key ({@code https://index.docker.io/v1/}) is served by {@code
 * registry-1.docker.io}. An implicit https on a loopback host may fall back to plain http, as
 * containerd and Docker do for {@code localhost}.
 */
record RegistryEndpoint(URI base, boolean httpFallback) {

  private static final String DOCKER_HUB_API = "https://registry-1.docker.io";

  /**
   * The endpoint for {@code server}.
   *
   * @throws IllegalArgumentException when the key names no single host (a {@code *} label) or is
   *     not a key at all; the message says which
   */
  static RegistryEndpoint of(String server) {
    String normalized = RegistryServer.normalize(server);
    if (normalized.equals(RegistryServer.DOCKER_HUB)) {
      return new RegistryEndpoint(URI.create(DOCKER_HUB_API), false);
    }
    String text = normalized.strip();
    String lower = text.toLowerCase(Locale.ROOT);
    String scheme = "https";
    boolean explicit = false;
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      scheme = lower.substring(0, lower.indexOf(':'));
      text = text.substring(scheme.length() + 3);
      explicit = true;
    }
    int slash = text.indexOf('/');
    String authority = slash < 0 ? text : text.substring(0, slash);
    if (authority.contains("*")) {
      throw new IllegalArgumentException(
          "the server " + authority + " has a '*' label, so there is no single registry to ask");
    }
    URI base;
    try {
      base = URI.create(scheme + "://" + authority);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the server " + authority + " is not a host[:port]", e);
    }
    if (base.getHost() == null) {
      throw new IllegalArgumentException("the server " + authority + " is not a host[:port]");
    }
    return new RegistryEndpoint(base, !explicit && loopback(base.getHost()));
  }

  /**
   * {@code repository} as this registry names it: on Docker Hub a one-part name is an official
   * image's, {@code library/NAME}, as the runtime pulls it.
   */
  String repository(String repository) {
    return base.toString().equals(DOCKER_HUB_API) && !repository.contains("/")
        ? "library/" + repository
        : repository;
  }

  /** The same registry over plain http, for a loopback host that does not speak TLS. */
  Optional<RegistryEndpoint> plainHttp() {
    if (!httpFallback) {
      return Optional.empty();
    }
    return Optional.of(new RegistryEndpoint(URI.create("http://" + base.getRawAuthority()), false));
  }

  /** {@code <base>/v2/}, the API's version check. */
  URI versionCheck() {
    return base.resolve("/v2/");
  }

  static boolean loopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.startsWith("127.")
        || h.equals("[::1]")
        || h.equals("::1");
  }
}
