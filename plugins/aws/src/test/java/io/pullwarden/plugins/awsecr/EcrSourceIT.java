package io.pullwarden.plugins.awsecr;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugins.aws.MotoSource;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.MotoExtension;
import io.pullwarden.testenv.MotoServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/** What the plugin makes of moto's ECR tokens, including its expiry that is already past. */
@ExtendWith({KubernetesExtension.class, MotoExtension.class})
class EcrSourceIT {

  private static final Settings OWN = ref(Map.of());
  private static MotoSource source;
  private final EcrSourceFactory factory = new EcrSourceFactory();

  @BeforeAll
  static void start(KubernetesServer kubernetes, MotoServer moto) {
    source = MotoSource.start(kubernetes, moto);
  }

  @AfterAll
  static void stop() {
    source.close();
  }

  @Test
  void theLoginRebuildsEcrsTokenAndTheServerIsTheProxyEndpointsHost() throws Exception {
    AuthorizationData direct;
    try (EcrClient ecr =
        EcrClient.builder()
            .endpointOverride(source.moto().endpoint())
            .region(source.region())
            .credentialsProvider(source.adminCredentials())
            .build()) {
      direct = ecr.getAuthorizationToken().authorizationData().getFirst();
    }

    try (CredentialSession session = open(source.config())) {
      Credential credential = session.fetch(OWN);
      UsernamePassword login = (UsernamePassword) credential.secret();
      String auth =
          Base64.getEncoder()
              .encodeToString(
                  (login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8));
      assertThat(login.username()).isEqualTo("AWS");
      assertThat(auth)
          .as("the auth the agent builds is ECR's token")
          .isEqualTo(direct.authorizationToken());
      assertThat(login.password()).isEqualTo(source.moto().accountId() + "-auth-token");
      assertThat(direct.proxyEndpoint()).startsWith("https://");
      assertThat(credential.server())
          .contains(source.moto().accountId() + ".dkr.ecr.us-east-1.amazonaws.com");
    }
  }

  @Test
  void motosPastExpiryMeansTwelveHoursFromNowWithOneWarningAndRenewalAtEight() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(EcrSession.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    try (CredentialSession session = open(source.config())) {
      Instant now = source.context().clock().instant();
      Credential first = session.fetch(OWN);
      assertThat(first.expiresAt()).contains(now.plus(Duration.ofHours(12)));
      assertThat(session.version(OWN)).contains(first.version());

      source.context().clock().advance(Duration.ofHours(8).minusMinutes(1).minusSeconds(1));
      assertThat(session.version(OWN)).contains(first.version());

      source.context().clock().advance(Duration.ofSeconds(1));
      Credential renewed = session.fetch(OWN);
      assertThat(renewed.version()).isNotEqualTo(first.version());
      assertThat(session.version(OWN)).contains(renewed.version());
      assertThat(renewed.expiresAt()).contains(now.plus(Duration.ofHours(20).minusMinutes(1)));
    } finally {
      log.detachAppender(logged);
    }
    assertThat(logged.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage)
        .asString()
        .contains("2015-01-01T00:00:00Z")
        .contains("assuming ECR's 12 h lifetime");
  }

  @Test
  void aRegistryIdGivesThatRegistrysHost() throws Exception {
    try (CredentialSession session = open(source.config())) {
      Credential credential = session.fetch(ref(Map.of("registryId", "210987654321")));
      assertThat(credential.server()).contains("210987654321.dkr.ecr.us-east-1.amazonaws.com");
    }
  }

  @Test
  void anAssumedRoleGetsTheTokenOfItsOwnAccount() throws Exception {
    Settings config =
        source.config(
            Map.of(
                "assumeRole",
                Map.of(
                    "roleArn", "arn:aws:iam::999988887777:role/ecr-pull",
                    "externalId", "pullwarden-test")));
    try (CredentialSession session = open(config)) {
      Credential credential = session.fetch(OWN);
      assertThat(credential.secret())
          .isEqualTo(new UsernamePassword("AWS", "999988887777-auth-token"));
      assertThat(credential.server()).contains("999988887777.dkr.ecr.us-east-1.amazonaws.com");
    }
  }

  private CredentialSession open(Settings config) throws Exception {
    return factory.open(config, source.context());
  }

  private static Settings ref(Map<String, Object> values) {
    return Settings.of("spec.registries[0].ref", values);
  }
}
