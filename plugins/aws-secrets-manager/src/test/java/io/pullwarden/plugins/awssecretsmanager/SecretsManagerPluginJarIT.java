package io.pullwarden.plugins.awssecretsmanager;

import io.pullwarden.plugin.testkit.PluginJarConformance;
import io.pullwarden.plugins.aws.AwsPluginJar;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsManagerPluginJarIT extends PluginJarConformance {

  @Override
  protected List<String> expectedTypes() {
    return List.of(SecretsManagerSourceFactory.TYPE);
  }

  @Test
  void bundlesTheSdkWithOneHttpClientAndLeavesSlf4jToTheAgent() throws IOException {
    AwsPluginJar.assertBundlesTheSdkOnly(
        "software.amazon.awssdk.services.secretsmanager.SecretsManagerClient");
  }
}
