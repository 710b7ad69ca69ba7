package io.pullwarden.plugins.vault;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a server certificate is issued for a name, by its subject alternative names (DNS names
 * with an optional left-most {@code *} label, and IP addresses), as RFC 6125 and browsers check it.
 * It exists for {@code spec.config.tls.serverName}: the JDK checks the name in the URL, and a Vault
 * reached through an IP or a tunnel needs to be checked against another one.
 */
final class HostnameMatch {

  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  private HostnameMatch() {}

  /** The names a certificate is issued for, as {@code DNS:x} and {@code IP:y}, for messages. */
  static List<String> namesOf(X509Certificate certificate) throws CertificateParsingException {
    List<String> names = new ArrayList<>();
    Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
    if (alternatives != null) {
      for (List<?> entry : alternatives) {
        int type = (Integer) entry.get(0);
        if (type == DNS_NAME) {
          names.add("DNS:" + entry.get(1));
        } else if (type == IP_ADDRESS) {
          names.add("IP:" + entry.get(1));
        }
      }
    }
    return names;
  }

  /** Whether {@code expected} (a host name or an IP literal) matches one of {@code names}. */
  static boolean matches(String expected, List<String> names) {
    String wanted = expected.toLowerCase(Locale.ROOT);
    byte[] wantedIp = ipLiteral(wanted);
    for (String name : names) {
      if (wantedIp != null && name.startsWith("IP:")) {
        byte[] ip = ipLiteral(name.substring(3));
        if (ip != null && java.util.Arrays.equals(ip, wantedIp)) {
          return true;
        }
      } else if (wantedIp == null && name.startsWith("DNS:")) {
        if (dnsMatches(wanted, name.substring(4).toLowerCase(Locale.ROOT))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean dnsMatches(String host, String pattern) {
    if (!pattern.startsWith("*.")) {
      return host.equals(pattern);
    }
    int dot = host.indexOf('.');
    // "*" stands for exactly one whole label, and never for a top-level domain's only label.
    return dot > 0
        && host.substring(dot).equals(pattern.substring(1))
        && pattern.indexOf('.', 2) > 0;
  }

  /** The address bytes when {@code text} is an IPv4 or IPv6 literal, else null; never resolves. */
  private static byte[] ipLiteral(String text) {
    String bare =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    boolean ipv4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = bare.contains(":") && bare.matches("[0-9a-fA-F:.]+");
    if (!ipv4 && !ipv6) {
      return null;
    }
    try {
      return InetAddress.getByName(bare).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
