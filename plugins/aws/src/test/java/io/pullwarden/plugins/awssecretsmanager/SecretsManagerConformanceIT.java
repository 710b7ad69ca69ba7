package io.pullwarden.plugins.awssecretsmanager;

import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.testkit.CredentialSourceConformance;
import io.pullwarden.plugin.testkit.TestSourceContext;
import io.pullwarden.plugins.aws.MotoSource;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.MotoExtension;
import io.pullwarden.testenv.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

@ExtendWith({KubernetesExtension.class, MotoExtension.class})
class SecretsManagerConformanceIT extends CredentialSourceConformance {

  private static MotoSource source;
  private static SecretsManagerClient admin;

  @BeforeAll
  static void start(KubernetesServer kubernetes, MotoServer moto) {
    source = MotoSource.start(kubernetes, moto);
    admin = MotoSecrets.admin(source);
  }

  @AfterAll
  static void stop() {
    admin.close();
    source.close();
  }

  @Override
  protected CredentialSourceFactory factory() {
    return new SecretsManagerSourceFactory();
  }

  @Override
  protected Settings validConfig() {
    return source.config();
  }

  @Override
  protected TestSourceContext context() {
    return source.context();
  }

  @Override
  protected Settings createCredential(String name, String username, String password) {
    admin.createSecret(b -> b.name(name).secretString(MotoSecrets.login(username, password)));
    return MotoSecrets.ref(Map.of("secretId", name));
  }

  @Override
  protected void updateCredential(Settings ref, String username, String password) throws Exception {
    String secretId = ref.requiredString("secretId");
    admin.putSecretValue(
        b -> b.secretId(secretId).secretString(MotoSecrets.login(username, password)));
  }

  @Override
  protected Settings missingRef(String name) {
    return MotoSecrets.ref(Map.of("secretId", name));
  }

  @Override
  protected List<BadConfig> invalidConfigs() {
    return List.of(
        new BadConfig(source.config(Map.of("region", "Europe")), "spec.config.region"),
        new BadConfig(source.config(Map.of("endpoint", "moto")), "spec.config.endpoint"),
        new BadConfig(source.config(Map.of("auth", Map.of())), "spec.config.auth.accessKeyIdRef"),
        new BadConfig(
            source.config(Map.of("assumeRole", Map.of("roleArn", "admin"))),
            "spec.config.assumeRole.roleArn"),
        new BadConfig(source.config(Map.of("regoin", "us-east-1")), "spec.config.regoin"));
  }
}
