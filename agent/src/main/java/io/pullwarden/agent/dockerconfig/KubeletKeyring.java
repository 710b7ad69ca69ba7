package io.pullwarden.agent.dockerconfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which {@code auths} keys of a {@code .dockerconfigjson} the kubelet uses for an image, in the
 * order it tries them — its keyring ({@code k8s.io/kubernetes/pkg/credentialprovider/keyring.go},
 * {@code BasicDockerKeyring.Add}, {@code Lookup} and {@code URLsMatch}, v1.34) as a pure function,
 * so Pullwarden can tell a user why a pull went out without credentials. The rules:
 *
 * <ul>
 *   <li>a key's scheme is dropped, and a path starting {@code /v1/} or {@code /v2/} counts as the
 *       bare host;
 *   <li>a key matches an image when the ports are equal (none on both counts as equal), the hosts
 *       have as many dot-separated labels and each label matches as a glob ({@code *}: a {@code ?}
 *       in a key starts a URL query and a {@code [} makes Go refuse the key, so no other wildcard
 *       of Go's {@code filepath.Match} can reach it), and the key's path is a string prefix of the
 *       image's repository path ({@code /team} matches {@code /teamwork}) — hosts are compared as
 *       strings, never resolved;
 *   <li>every matching key is returned, the index sorted in reverse string order, so the more
 *       specific path comes first; the kubelet tries them in turn;
 *   <li>when none matches and the image's first path segment has no {@code .} or {@code :} (Docker
 *       Hub by the keyring's own test, which — unlike the image parser — counts {@code
 *       localhost/app} in), the key whose host is {@code index.docker.io} ({@code
 *       https://index.docker.io/v1/}) is used.
 * </ul>
 *
 * The image is first normalised as the kubelet does ({@link #repository}): {@code busybox} is
 * {@code docker.io/library/busybox}, {@code index.docker.io/x} is {@code docker.io/x}; a tag or
 * digest is dropped. {@code KubeletKeyringIT} holds every rule to the kubelet's own code.
 */
public final class KubeletKeyring {

  private static final String DOCKER_HUB_HOST = "index.docker.io";

  private KubeletKeyring() {}

  /**
   * The keys of {@code auths} the kubelet would try for {@code image}, in its order; empty when it
   * would pull without credentials. Keys it cannot parse are skipped, as the kubelet does.
   */
  public static List<String> lookup(Collection<String> auths, String image) {
    String repository = repository(image);
    // One index entry per effective key, each with the auths keys that produce it.
    Map<String, List<String>> byIndex = new LinkedHashMap<>();
    for (String key : auths) {
      indexKey(key)
          .ifPresent(index -> byIndex.computeIfAbsent(index, k -> new ArrayList<>()).add(key));
    }
    List<String> index = new ArrayList<>(new TreeSet<>(byIndex.keySet()));
    index.sort(Comparator.reverseOrder());
    List<String> matches = new ArrayList<>();
    for (String entry : index) {
      if (matches(entry, repository)) {
        matches.addAll(byIndex.get(entry));
      }
    }
    if (matches.isEmpty() && isDockerHub(repository) && byIndex.containsKey(DOCKER_HUB_HOST)) {
      matches.addAll(byIndex.get(DOCKER_HUB_HOST));
    }
    return matches;
  }

  /**
   * The repository the kubelet looks credentials up for: the image without tag or digest, with
   * Docker Hub's implicit {@code docker.io/} and {@code library/} added (as {@code
   * ParseNormalizedNamed} does).
   */
  public static String repository(String image) {
    String name = image.strip();
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      name = name.substring(0, colon);
    }
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    if (slash < 0 || !(first.contains(".") || first.contains(":") || first.equals("localhost"))) {
      name = "docker.io/" + name;
    }
    if (name.startsWith("index.docker.io/")) {
      name = name.substring("index.".length());
    }
    if (name.startsWith("docker.io/") && name.indexOf('/', "docker.io/".length()) < 0) {
      name = "docker.io/library/" + name.substring("docker.io/".length());
    }
    return name;
  }

  /** The kubelet's index key for an auths key: host plus effective path, without scheme. */
  private static Optional<String> indexKey(String key) {
    String value = key.startsWith("https://") || key.startsWith("http://") ? key : "https://" + key;
    return Url.parse(value)
        .map(
            url -> {
              String path = url.path();
              if (path.startsWith("/v2/") || path.startsWith("/v1/")) {
                path = path.substring(3);
              }
              return path.isEmpty() || path.equals("/") ? url.host() : url.host() + path;
            });
  }

  /** Go's {@code URLsMatchStr(glob, target)}: both schemeless. */
  private static boolean matches(String glob, String target) {
    Optional<Url> globUrl = Url.parse("https://" + glob);
    Optional<Url> targetUrl = Url.parse("https://" + target);
    if (globUrl.isEmpty() || targetUrl.isEmpty()) {
      return false;
    }
    HostPort globHost = HostPort.of(globUrl.get().host());
    HostPort targetHost = HostPort.of(targetUrl.get().host());
    if (!globHost.port().equals(targetHost.port())) {
      return false;
    }
    String[] globLabels = globHost.host().split("\\.", -1);
    String[] targetLabels = targetHost.host().split("\\.", -1);
    if (globLabels.length != targetLabels.length) {
      return false;
    }
    if (!targetUrl.get().path().startsWith(globUrl.get().path())) {
      return false;
    }
    for (int i = 0; i < globLabels.length; i++) {
      if (!labelMatches(globLabels[i], targetLabels[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Go's {@code filepath.Match} on one host label, as far as a key can reach it: Go's URL parser
   * refuses a {@code [} in a host and ends the host at a {@code ?}, so {@code *} (any run of
   * characters) is the only wildcard left.
   */
  private static boolean labelMatches(String glob, String label) {
    int star = glob.indexOf('*');
    if (star < 0) {
      return glob.equals(label);
    }
    String head = glob.substring(0, star);
    if (!label.startsWith(head)) {
      return false;
    }
    String rest = glob.substring(star + 1);
    for (int from = head.length(); from <= label.length(); from++) {
      if (labelMatches(rest, label.substring(from))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDockerHub(String repository) {
    String[] parts = repository.split("/", 2);
    if (parts[0].isEmpty()) {
      return false;
    }
    if (parts.length == 1 || parts[0].equals("docker.io") || parts[0].equals(DOCKER_HUB_HOST)) {
      return true;
    }
    // No exception for "localhost" here, unlike the image parser: the kubelet (1.34) offers Docker
    // Hub's credential for localhost/app too.
    return !(parts[0].contains(".") || parts[0].contains(":"));
  }

  /**
   * The host (Go's {@code url.Host}: without user info) and path of an absolute URL, split as Go's
   * {@code url.Parse} splits it: the authority runs to the first {@code /}, {@code ?} or {@code #},
   * so a {@code ?} in a key starts a query rather than a glob. Empty for what Go refuses: spaces,
   * control characters, and a {@code [} anywhere but around an IPv6 address.
   */
  private record Url(String host, String path) {
    static Optional<Url> parse(String url) {
      if (url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
        return Optional.empty();
      }
      String rest = url.substring(url.indexOf("://") + 3);
      int end = indexOfAny(rest, "/?#");
      String authority = end < 0 ? rest : rest.substring(0, end);
      String path = end < 0 || rest.charAt(end) != '/' ? "" : rest.substring(end);
      int query = indexOfAny(path, "?#");
      if (authority.lastIndexOf('[') > 0) {
        return Optional.empty(); // Go: "invalid IP-literal"; '[' only opens an IPv6 address
      }
      return Optional.of(
          new Url(
              authority.substring(authority.lastIndexOf('@') + 1),
              query < 0 ? path : path.substring(0, query)));
    }

    private static int indexOfAny(String text, String characters) {
      for (int i = 0; i < text.length(); i++) {
        if (characters.indexOf(text.charAt(i)) >= 0) {
          return i;
        }
      }
      return -1;
    }
  }

  /** Go's {@code net.SplitHostPort}, falling back to the whole authority and no port. */
  private record HostPort(String host, String port) {
    static HostPort of(String authority) {
      if (authority.startsWith("[")) {
        int close = authority.indexOf(']');
        if (close > 0 && authority.length() > close + 1 && authority.charAt(close + 1) == ':') {
          return new HostPort(authority.substring(1, close), authority.substring(close + 2));
        }
        return new HostPort(authority, "");
      }
      int colon = authority.lastIndexOf(':');
      if (colon < 0 || authority.indexOf(':') != colon) {
        return new HostPort(authority, "");
      }
      return new HostPort(authority.substring(0, colon), authority.substring(colon + 1));
    }
  }
}
