package io.pullwarden.plugins.awsecr;

import io.pullwarden.plugin.testkit.PluginJarConformance;
import io.pullwarden.plugins.aws.AwsPluginJar;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EcrPluginJarIT extends PluginJarConformance {

  @Override
  protected List<String> expectedTypes() {
    return List.of(EcrSourceFactory.TYPE);
  }

  @Test
  void bundlesTheSdkWithOneHttpClientAndLeavesSlf4jToTheAgent() throws IOException {
    AwsPluginJar.assertBundlesTheSdkOnly("software.amazon.awssdk.services.ecr.EcrClient");
  }
}
