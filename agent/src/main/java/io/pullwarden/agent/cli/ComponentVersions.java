package io.pullwarden.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.pf4j.Pf4jInfo;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;

/**
 * The versions a bug report needs: Pullwarden's (from the jar manifest), the JVM's, and those of
 * the libraries plugins and the cluster connection depend on. Library versions come from the {@code
 * pom.properties} Maven puts in every jar, so a library that is not in this build is simply left
 * out.
 */
final class ComponentVersions implements IVersionProvider {

  /** Pullwarden's version, or {@code dev} when running from classes rather than the built jar. */
  static String pullwarden() {
    String version = ComponentVersions.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }

  static List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("pullwarden " + pullwarden());
    lines.add("java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")");
    lines.add("pf4j " + Pf4jInfo.VERSION);
    lines.add("picocli " + CommandLine.VERSION);
    library("io.fabric8", "kubernetes-client-api")
        .ifPresent(version -> lines.add("fabric8 kubernetes-client " + version));
    library("io.javaoperatorsdk", "operator-framework-core")
        .ifPresent(version -> lines.add("java-operator-sdk " + version));
    return lines;
  }

  /** The version of a Maven artifact on the class path, from its {@code pom.properties}. */
  static Optional<String> library(String groupId, String artifactId) {
    String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
    try (InputStream in = ComponentVersions.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(in);
      return Optional.ofNullable(properties.getProperty("version"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public String[] getVersion() {
    return lines().toArray(String[]::new);
  }
}
