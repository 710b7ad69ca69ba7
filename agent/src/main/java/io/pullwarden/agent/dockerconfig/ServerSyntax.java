package io.pullwarden.agent.dockerconfig;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What makes a registry server an {@code auths} key the kubelet can match against an image
 * reference: an optional lower-case {@code https://} or {@code http://}, a host name (whole-label
 * {@code *} globs allowed, as the kubelet matches them), an IPv4 address or a bracketed IPv6
 * address, an optional port and an optional path. The kubelet silently ignores or never matches
 * anything else, so such a server is rejected with a reason and what to write instead. Reasons
 * start with a verb ("is", "has", "contains") so callers can put the server's name before them, and
 * they never repeat the whole value.
 */
final class ServerSyntax {

  static final int MAX_HOST = 253;
  static final int MAX_LABEL = 63;

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private ServerSyntax() {}

  /**
   * Why {@code server} cannot be an auths key, with what to do; empty when it can. Surrounding
   * whitespace is ignored, as the agent strips it.
   */
  static Optional<String> problem(String server) {
    String value = server.strip();
    if (value.isEmpty()) {
      return Optional.of("is empty; name the registry host, such as registry.example.com");
    }
    if (value.length() > RegistryServer.MAX_LENGTH) {
      return Optional.of(
          "is "
              + value.length()
              + " characters long; a registry server has at most "
              + RegistryServer.MAX_LENGTH);
    }
    for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
      int c = value.codePointAt(i);
      if (Character.isWhitespace(c)
          || Character.isSpaceChar(c)
          || Character.isISOControl(c)
          || Character.getType(c) == Character.FORMAT) {
        return Optional.of(
            "contains "
                + Quoted.codePoint(c)
                + " at position "
                + (i + 1)
                + "; remove whitespace and control characters");
      }
    }
    if (value.indexOf('@') >= 0) {
      return Optional.of(
          "contains '@' (user@host); a server names no user: keep the login in the store");
    }
    if (value.indexOf('?') >= 0 || value.indexOf('#') >= 0) {
      return Optional.of(
          "contains '"
              + (value.indexOf('?') >= 0 ? '?' : '#')
              + "' (a query or fragment), which the kubelet never matches; remove it and what"
              + " follows");
    }
    String rest = value;
    int schemeEnd = value.indexOf("://");
    if (schemeEnd >= 0) {
      String scheme = value.substring(0, schemeEnd);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        return Optional.of(
            "has scheme "
                + Quoted.text(scheme + "://")
                + "; the kubelet knows only https:// and http:// (in lower case): use one of them"
                + " or none");
      }
      rest = value.substring(schemeEnd + 3);
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    return authorityProblem(authority, value).or(() -> pathProblem(path));
  }

  private static Optional<String> authorityProblem(String authority, String value) {
    if (authority.isEmpty()) {
      return Optional.of("has no host; name one, such as registry.example.com");
    }
    String host = authority;
    String port = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return Optional.of("has '[' without ']'; write an IPv6 address as [::1] or [::1]:5000");
      }
      host = authority.substring(1, close);
      String after = authority.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        return Optional.of("has text after its IPv6 address; only :port may follow the ']'");
      }
      port = after.isEmpty() ? null : after.substring(1);
      Optional<String> address = ipv6Problem(host);
      if (address.isPresent()) {
        return address;
      }
    } else {
      int colon = authority.indexOf(':');
      if (colon >= 0) {
        if (authority.indexOf(':', colon + 1) >= 0) {
          return Optional.of(
              "has more than one ':' in its host; write an IPv6 address in brackets, such as"
                  + " [::1]:5000");
        }
        host = authority.substring(0, colon);
        port = authority.substring(colon + 1);
      }
      Optional<String> name = hostProblem(host, value);
      if (name.isPresent()) {
        return name;
      }
    }
    return port == null ? Optional.empty() : portProblem(port);
  }

  private static Optional<String> hostProblem(String host, String value) {
    if (host.isEmpty()) {
      return Optional.of("has no host; name one, such as registry.example.com");
    }
    if (!host.chars().allMatch(c -> c < 0x80)) {
      return idnProblem(host, value);
    }
    if (host.length() > MAX_HOST) {
      return Optional.of(
          "has a host of " + host.length() + " characters; a host name has at most " + MAX_HOST);
    }
    String[] labels = host.split("\\.", -1);
    boolean named = false;
    for (String label : labels) {
      if (label.isEmpty()) {
        return Optional.of(
            "has an empty label in its host (a dot at the start or end, or two in a row); remove"
                + " the extra dot");
      }
      if (label.equals("*")) {
        continue;
      }
      named = true;
      if (label.length() > MAX_LABEL) {
        return Optional.of(
            "has a host label of "
                + label.length()
                + " characters; a label has at most "
                + MAX_LABEL);
      }
      if (label.indexOf('*') >= 0) {
        return Optional.of(
            "has '*' inside a host label; '*' may only stand for a whole label, as in"
                + " *.example.com");
      }
      if (!LABEL.matcher(label).matches()) {
        return Optional.of(
            "has host label "
                + Quoted.text(label)
                + "; a label has only letters, digits and '-', and does not start or end with '-'");
      }
    }
    if (!named) {
      return Optional.of(
          "has only '*' in its host and would match any registry; name the domain, as in"
              + " *.example.com");
    }
    if (labels[labels.length - 1].chars().allMatch(Character::isDigit) && !isIpv4(labels)) {
      return Optional.of(
          "ends in a number but is not an IPv4 address; write four numbers from 0 to 255, such as"
              + " 10.0.0.1, or a host name");
    }
    return Optional.empty();
  }

  private static boolean isIpv4(String[] labels) {
    if (labels.length != 4) {
      return false;
    }
    for (String label : labels) {
      if (label.length() > 3
          || !label.chars().allMatch(Character::isDigit)
          || Integer.parseInt(label) > 255) {
        return false;
      }
    }
    return true;
  }

  private static Optional<String> idnProblem(String host, String value) {
    String ascii;
    try {
      ascii = IDN.toASCII(host);
    } catch (IllegalArgumentException e) {
      ascii = null;
    }
    if (ascii == null
        || !ascii.chars().allMatch(c -> c < 0x80)
        || hostProblem(ascii, ascii).isPresent()) {
      return Optional.of(
          "has a non-ASCII host that is not a valid internationalised domain name; write the host"
              + " in ASCII");
    }
    String suggestion = value.replaceFirst(Pattern.quote(host), Matcher.quoteReplacement(ascii));
    return Optional.of(
        "has a non-ASCII (internationalised) host, which the kubelet compares only in its ASCII"
            + " form; write "
            + suggestion
            + " instead");
  }

  private static Optional<String> ipv6Problem(String address) {
    if (address.indexOf(':') >= 0 && IPV6.matcher(address).matches()) {
      try {
        // Only hex digits, ':' and '.' in brackets: parsed as a literal, never looked up in DNS.
        InetAddress.getByName("[" + address + "]");
        return Optional.empty();
      } catch (UnknownHostException | IllegalArgumentException e) {
        // falls through to the message
      }
    }
    return Optional.of("has an invalid IPv6 address in brackets; write one such as [fd00::1]");
  }

  private static Optional<String> portProblem(String port) {
    if (port.isEmpty()) {
      return Optional.of("has ':' without a port; remove it or give a port from 1 to 65535");
    }
    if (port.length() > 5
        || !port.chars().allMatch(c -> c >= '0' && c <= '9')
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      return Optional.of("has port " + Quoted.text(port) + "; a port is a number from 1 to 65535");
    }
    return Optional.empty();
  }

  private static Optional<String> pathProblem(String path) {
    for (int i = 0; i < path.length(); i += Character.charCount(path.codePointAt(i))) {
      int c = path.codePointAt(i);
      boolean allowed = c < 0x80 && (Character.isLetterOrDigit(c) || "._~/-".indexOf(c) >= 0);
      if (!allowed) {
        return Optional.of(
            "has "
                + (c < 0x80 ? "'" + Character.toString(c) + "'" : Quoted.codePoint(c))
                + " in its path; a path has only letters, digits and - . _ ~ /");
      }
    }
    return Optional.empty();
  }
}
