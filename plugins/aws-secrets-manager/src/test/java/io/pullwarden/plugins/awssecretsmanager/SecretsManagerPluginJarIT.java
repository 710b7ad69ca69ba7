package io.pullwarden.plugins.awssecretsmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.plugin.testkit.PluginJarConformance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

class SecretsManagerPluginJarIT extends PluginJarConformance {

  @Override
  protected List<String> expectedTypes() {
    return List.of(SecretsManagerSourceFactory.TYPE);
  }

  /**
   * The SDK is bundled, with the URLConnection HTTP client only, and SLF4J is left to the agent.
   */
  @Test
  void bundlesTheSdkButNotOtherHttpClientsOrSlf4j() throws IOException {
    try (JarFile jar = new JarFile(Path.of(System.getProperty("pullwarden.plugin.jar")).toFile())) {
      List<String> entries =
          Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
      assertThat(entries)
          .contains(
              "software/amazon/awssdk/services/secretsmanager/SecretsManagerClient.class",
              "software/amazon/awssdk/services/sts/auth/StsAssumeRoleCredentialsProvider.class",
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
