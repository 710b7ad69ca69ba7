package io.pullwarden.agent.registry;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Which Bearer realms the check sends a credential to. The realm comes from the registry's answer,
 * not from the user, so it is checked before the credential goes there: https only (plain http only
 * on the host of a registry that is itself plain http, where the credential travels in clear
 * anyway), no user-info, and no link-local address literal such as the cloud metadata service at
 * 169.254.169.254.
 */
final class TokenRealm {

  private TokenRealm() {}

  /**
   * The realm as a URI, when the credential may go there.
   *
   * @throws HttpRegistryCheck.Refusal naming the realm's scheme and host and why not
   */
  static URI allowed(String realm, URI registry) throws HttpRegistryCheck.Refusal {
    URI uri;
    try {
      uri = new URI(realm);
    } catch (URISyntaxException e) {
      throw new HttpRegistryCheck.Refusal("the registry's Bearer realm is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new HttpRegistryCheck.Refusal(
          "the registry's Bearer realm is not an http(s) URL with a host");
    }
    String shown = scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    if (uri.getRawUserInfo() != null) {
      throw new HttpRegistryCheck.Refusal(
          "the registry's Bearer realm "
              + shown
              + " carries user-info; not sending the credential");
    }
    if (scheme.equals("http")
        && !(registry.getScheme().equals("http")
            && registry.getHost().equalsIgnoreCase(uri.getHost()))) {
      throw new HttpRegistryCheck.Refusal(
          "the registry's Bearer realm "
              + shown
              + " is plain http on another host; the check sends the credential only over https");
    }
    if (linkLocal(uri.getHost())) {
      throw new HttpRegistryCheck.Refusal(
          "the registry's Bearer realm " + shown + " is a link-local address; not sending there");
    }
    return uri;
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
