package io.pullwarden.plugins.awssecretsmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugins.aws.AwsPluginJar;
import io.pullwarden.plugins.aws.LoadedPluginJar;
import io.pullwarden.plugins.aws.MotoSource;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.MotoExtension;
import io.pullwarden.testenv.MotoServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The aws-secrets-manager type works from the built aws plugin jar, in the plugin's own class
 * loader.
 */
@ExtendWith({KubernetesExtension.class, MotoExtension.class})
class SecretsManagerPluginJarIT {

  @Test
  void bundlesTheSdkWithOneHttpClientAndLeavesSlf4jToTheAgent() throws IOException {
    AwsPluginJar.assertBundlesTheSdkOnly(
        "software.amazon.awssdk.services.secretsmanager.SecretsManagerClient");
  }

  /** A session opened through PF4J reads a secret from moto, assuming a role on the way. */
  @Test
  void worksFromThePluginsOwnClassLoader(
      KubernetesServer kubernetes, MotoServer moto, @TempDir Path plugins) throws Exception {
    try (MotoSource source = MotoSource.start(kubernetes, moto);
        SecretsManagerClient admin = MotoSecrets.admin(source);
        LoadedPluginJar plugin = LoadedPluginJar.load(plugins, SecretsManagerSourceFactory.TYPE)) {
      String name = MotoSecrets.uniqueName("pf4j");
      admin.createSecret(b -> b.name(name).secretString(MotoSecrets.login("robot", "pw-pf4j")));
      Settings config =
          source.config(
              Map.of("assumeRole", Map.of("roleArn", "arn:aws:iam::123456789012:role/pf4j")));
      try (CredentialSession session = plugin.factory().open(config, source.context())) {
        assertThat(session.fetch(MotoSecrets.ref(Map.of("secretId", name))).secret())
            .isEqualTo(new UsernamePassword("robot", "pw-pf4j"));
      }
    }
  }
}
