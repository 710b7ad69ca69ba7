package io.pullwarden.agent.registry;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which Bearer realms the check sends a credential to. The realm comes from the registry's answer,
 * not from the user, so it is checked before the credential goes there: on the registry's own host
 * or a host the source's owner listed (a registry must not be able to point the agent, from inside
 * the cluster, at a host of its choosing with the login), https only (plain http only on the host
 * of a registry that is itself plain http, where the credential travels in clear anyway, or where
 * the owner listed {@code http://host}), no user-info, and no link-local address literal such as
 * the cloud metadata service at 169.254.169.254.
 */
final class TokenRealm {

  private static final String DOCKER_HUB_REGISTRY = "registry-1.docker.io";
  private static final String DOCKER_HUB_TOKEN_SERVICE = "auth.docker.io";

  private TokenRealm() {}

  /**
   * The realm as a URI, when the credential may go there: on the registry's own host (any port; for
   * Docker Hub, {@code auth.docker.io}), or on a host {@code realmHosts} lists ({@link
   * VerifyAllowList}'s patterns; plain http only through an {@code http://} entry).
   *
   * @throws HttpRegistryCheck.Refusal naming the realm's scheme and host and why not
   */
  static URI allowed(String realm, URI registry, List<String> realmHosts)
      throws HttpRegistryCheck.Refusal {
    URI uri;
    try {
      uri = new URI(realm);
    } catch (URISyntaxException e) {
      throw new HttpRegistryCheck.Refusal("the registry's Bearer realm is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new HttpRegistryCheck.Refusal(
          "the registry's Bearer realm is not an http(s) URL with a host");
    }
    String authority = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    String shown = scheme + "://" + authority;
    if (uri.getRawUserInfo() != null) {
      throw new HttpRegistryCheck.Refusal(
          "the registry's Bearer realm "
              + shown
              + " carries user-info; not sending the credential");
    }
    if (linkLocal(uri.getHost())) {
      throw new HttpRegistryCheck.Refusal(
          "the registry's Bearer realm " + shown + " is a link-local address; not sending there");
    }
    boolean ownHost = ownHost(uri.getHost(), registry.getHost());
    if (scheme.equals("http")) {
      boolean allowed =
          (ownHost && registry.getScheme().equals("http"))
              || VerifyAllowList.allowsWeakTransport(realmHosts, authority);
      if (!allowed) {
        throw new HttpRegistryCheck.Refusal(
            "the registry's Bearer realm "
                + shown
                + " is plain http on another host; the check sends the credential only over"
                + " https, or where the CredentialSource lists http://"
                + authority
                + " in spec.verifyRegistries");
      }
    } else if (!ownHost && !VerifyAllowList.allows(realmHosts, authority)) {
      throw new HttpRegistryCheck.Refusal(
          "the registry's Bearer realm "
              + shown
              + " is on another host than the registry; the credential goes there only if the"
              + " CredentialSource lists "
              + authority
              + " in spec.verifyRegistries");
    }
    return uri;
  }

  /** The realm's host is the registry's, or Docker Hub's token service for Docker Hub. */
  private static boolean ownHost(String realmHost, String registryHost) {
    return realmHost.equalsIgnoreCase(registryHost)
        || (registryHost.equalsIgnoreCase(DOCKER_HUB_REGISTRY)
            && realmHost.equalsIgnoreCase(DOCKER_HUB_TOKEN_SERVICE));
  }

  private static boolean linkLocal(String host) {
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
      return false;
    }
    try {
      InetAddress address = InetAddress.getByName(literal);
      return address.isLinkLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
