package io.pullwarden.plugins.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Checks the bundling an AWS plugin jar must have, beyond what PluginJarConformance checks: the
 * SDK, STS and aws-common inside; the URLConnection HTTP client as the only one; SLF4J left to the
 * agent.
 */
public final class AwsPluginJar {

  private AwsPluginJar() {}

  /** Asserts on the jar Failsafe names in {@code pullwarden.plugin.jar}. */
  public static void assertBundlesTheSdkOnly(String serviceClientClass) throws IOException {
    try (JarFile jar = new JarFile(Path.of(System.getProperty("pullwarden.plugin.jar")).toFile())) {
      List<String> entries =
          Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
      assertThat(entries)
          .contains(
              serviceClientClass.replace('.', '/') + ".class",
              "software/amazon/awssdk/services/sts/auth/StsAssumeRoleCredentialsProvider.class",
              "software/amazon/awssdk/services/sts/auth/StsWebIdentityTokenFileCredentialsProvider.class",
              "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
              "io/pullwarden/plugins/aws/AwsLogin.class")
          .noneMatch(name -> name.startsWith("org/slf4j/"))
          .noneMatch(name -> name.startsWith("software/amazon/awssdk/http/apache"))
          .noneMatch(name -> name.startsWith("software/amazon/awssdk/http/nio/netty"))
          .noneMatch(name -> name.startsWith("io/netty/"))
          .noneMatch(name -> name.startsWith("org/apache/http"));
    }
  }
}
