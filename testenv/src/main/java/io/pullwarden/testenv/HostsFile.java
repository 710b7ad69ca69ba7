package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A hosts file for a JVM's {@code -Djdk.net.hosts.file} (JDK 9 and later): it replaces DNS for that
 * JVM, so a test can send a process it launches to a real server on loopback under a public name
 * (ECR's {@code <account>.dkr.ecr.<region>.amazonaws.com}) without touching the machine's {@code
 * /etc/hosts}. Every name the JVM resolves must be in it: it always maps {@code localhost} and this
 * machine's own name, and a name it does not list does not resolve at all.
 */
public final class HostsFile {

  private HostsFile() {}

  /**
   * Writes {@code file} mapping each name of {@code addresses} to its address, plus {@code
   * localhost} and this machine's name to 127.0.0.1; returns {@code file}.
   */
  public static Path write(Path file, Map<String, String> addresses) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("localhost", "127.0.0.1");
    all.put(machineName(), "127.0.0.1");
    all.putAll(addresses);
    String text =
        all.entrySet().stream()
            .map(entry -> entry.getValue() + " " + entry.getKey() + "\n")
            .collect(Collectors.joining());
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the hosts file " + file, e);
    }
  }

  /** The JVM option that makes a JVM resolve names with {@code file} only. */
  public static String jvmOption(Path file) {
    return "-Djdk.net.hosts.file=" + file;
  }

  private static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
