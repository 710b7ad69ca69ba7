package io.pullwarden.plugins.awssecretsmanager;

import static io.pullwarden.plugins.awssecretsmanager.MotoSecrets.ref;
import static io.pullwarden.plugins.awssecretsmanager.MotoSecrets.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugins.aws.AwsSettings;
import io.pullwarden.plugins.aws.MotoSource;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.MotoExtension;
import io.pullwarden.testenv.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The identity paths through moto's STS. moto places an assumed role's credentials in the role's
 * account, whose secrets are separate from the default account's, so reading a secret that exists
 * only in the role's account proves the role was really used.
 */
@ExtendWith({KubernetesExtension.class, MotoExtension.class})
class SecretsManagerAssumeRoleIT {

  private static final String ROLE = "arn:aws:iam::210987654321:role/pullwarden-reader";
  private static MotoSource source;
  private static String secret;
  private final SecretsManagerSourceFactory factory = new SecretsManagerSourceFactory();

  @BeforeAll
  static void start(KubernetesServer kubernetes, MotoServer moto) {
    source = MotoSource.start(kubernetes, moto);
    secret = uniqueName("cross-account");
    try (SecretsManagerClient roleAccount = MotoSecrets.as(source, source.roleCredentials(ROLE))) {
      roleAccount.createSecret(
          b -> b.name(secret).secretString(MotoSecrets.login("robot", "pw-x")));
    }
  }

  @AfterAll
  static void stop() {
    source.close();
  }

  @Test
  void assumesTheRoleWithItsExternalIdAndSessionName() throws Exception {
    Settings ref = ref(Map.of("secretId", secret));
    try (CredentialSession own = factory.open(source.config(), source.context())) {
      assertThatThrownBy(() -> own.version(ref))
          .as("the secret does not exist in the base identity's account")
          .isInstanceOf(SourceException.NotFound.class);
    }

    Settings config =
        source.config(
            Map.of(
                "assumeRole",
                Map.of("roleArn", ROLE, "externalId", "pullwarden-test", "sessionName", "pw-it")));
    try (CredentialSession assumed = factory.open(config, source.context())) {
      assertThat(assumed.fetch(ref).secret()).isEqualTo(new UsernamePassword("robot", "pw-x"));
      assertThat(assumed.version(ref)).isPresent();
    }
  }

  @Test
  void usesIrsaWebIdentityWhenNoKeysAreConfigured(@TempDir Path dir) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl");
    Map<String, Object> withoutKeys = new HashMap<>();
    withoutKeys.put("auth", null);
    // What the EKS webhook puts in the environment, as the system properties the SDK reads first.
    System.setProperty("aws.webIdentityTokenFile", token.toString());
    System.setProperty("aws.roleArn", ROLE);
    try {
      // The pod's identity goes only to AWS: a source cannot point it at moto (or a listener)...
      assertThatThrownBy(() -> factory.open(source.config(withoutKeys), source.context()))
          .isInstanceOf(SourceException.InvalidConfig.class)
          .hasMessageContaining("the agent's own AWS identity");
      // ...unless the cluster admin listed the host in the agent's settings.
      System.setProperty(AwsSettings.AMBIENT_HOSTS_PROPERTY, "127.0.0.1,localhost");
      try (CredentialSession session = factory.open(source.config(withoutKeys), source.context())) {
        assertThat(session.fetch(ref(Map.of("secretId", secret))).secret())
            .isEqualTo(new UsernamePassword("robot", "pw-x"));
      }
    } finally {
      System.clearProperty("aws.webIdentityTokenFile");
      System.clearProperty("aws.roleArn");
      System.clearProperty(AwsSettings.AMBIENT_HOSTS_PROPERTY);
    }
  }
}
