package io.pullwarden.plugins.awsecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugins.aws.MotoSource;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.MotoExtension;
import io.pullwarden.testenv.MotoServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conformance suite's promises, kept by ECR against moto. {@code CredentialSourceConformance}
 * needs a store in which a test creates and updates a username and password; ECR has none (it
 * issues tokens), so this class checks each promise in ECR's terms instead of skipping it: "fetch
 * returns the stored login" becomes "fetch returns AWS and ECR's token", "the version changes when
 * the credential is updated" becomes "when the token is renewed", and "a missing credential is not
 * found" becomes "a registry id that cannot exist is rejected by field" (ECR has no missing
 * credential; a registry the identity may not read is refused, which is mapped to auth-failed).
 */
@ExtendWith({KubernetesExtension.class, MotoExtension.class})
class EcrSessionContractIT {

  private static final Settings OWN = Settings.of("spec.registries[0].ref", Map.of());
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
  void typeIsLowerCaseAndStable() {
    assertThat(factory.type()).isEqualTo("aws-ecr").isEqualTo(new EcrSourceFactory().type());
  }

  @Test
  void validConfigPassesValidation() {
    assertThat(factory.validate(source.config()).problems()).isEmpty();
  }

  @Test
  void healthIsReadyOnAnOpenSession() throws Exception {
    try (CredentialSession session = open()) {
      assertThat(session.health().state()).isEqualTo(Health.State.READY);
    }
  }

  @Test
  void fetchReturnsAwsAndTheRegistryToken() throws Exception {
    try (CredentialSession session = open()) {
      assertThat(session.fetch(OWN).secret())
          .isEqualTo(new UsernamePassword("AWS", source.moto().accountId() + "-auth-token"));
    }
  }

  @Test
  void fetchedCredentialNeverPrintsThePassword() throws Exception {
    try (CredentialSession session = open()) {
      Credential credential = session.fetch(OWN);
      String password = ((UsernamePassword) credential.secret()).password();
      assertThat(credential.toString().contains(password)).isFalse();
      assertThat(String.valueOf(credential.secret()).contains(password)).isFalse();
    }
  }

  @Test
  void versionIsStableWhileTheTokenIsCurrent() throws Exception {
    try (CredentialSession session = open()) {
      Optional<String> version = session.version(OWN);
      Credential first = session.fetch(OWN);
      assertThat(session.version(OWN)).isEqualTo(version);
      assertThat(session.fetch(OWN).version()).isEqualTo(first.version());
      assertThat(version).contains(first.version());
    }
  }

  @Test
  void versionChangesWhenTheTokenIsRenewed() throws Exception {
    try (CredentialSession session = open()) {
      Optional<String> before = session.version(OWN);
      source.context().clock().advance(Duration.ofHours(9));
      Optional<String> after = session.version(OWN);
      Credential renewed = session.fetch(OWN);
      assertThat(after).isPresent().isNotEqualTo(before);
      assertThat(after).contains(renewed.version());
    }
  }

  @Test
  void aRegistryIdThatCannotExistIsRejectedByField() throws Exception {
    try (CredentialSession session = open()) {
      assertThatThrownBy(
              () -> session.fetch(Settings.of("r", Map.of("registryId", "not-an-account"))))
          .isInstanceOf(SourceException.InvalidConfig.class)
          .hasMessageContaining("r.registryId")
          .hasMessageContaining("not-an-account");
    }
  }

  @Test
  void invalidConfigIsReportedByField() {
    List<Map.Entry<Settings, String>> bad =
        List.of(
            Map.entry(source.config(Map.of("region", "")), "spec.config.region"),
            Map.entry(source.config(Map.of("endpoint", "127.0.0.1")), "spec.config.endpoint"),
            Map.entry(
                source.config(Map.of("assumeRole", Map.of("roleArn", "x"))),
                "spec.config.assumeRole.roleArn"),
            Map.entry(
                source.config(Map.of("registryIds", List.of("1"))), "spec.config.registryIds"));
    for (Map.Entry<Settings, String> entry : bad) {
      assertThat(factory.validate(entry.getKey()).problems())
          .anySatisfy(problem -> assertThat(problem).contains(entry.getValue()));
      assertThatThrownBy(() -> factory.open(entry.getKey(), source.context()).close())
          .isInstanceOf(SourceException.InvalidConfig.class)
          .hasMessageContaining(entry.getValue());
    }
  }

  @Test
  void anUnreachableEndpointIsTransientAndUnhealthy() throws Exception {
    String closed = "http://127.0.0.1:" + FreePort.next();
    try (CredentialSession session =
        factory.open(source.config(Map.of("endpoint", closed)), source.context())) {
      assertThatThrownBy(() -> session.fetch(OWN))
          .isInstanceOf(SourceException.Transient.class)
          .hasMessageStartingWith(
              "GetAuthorizationToken for the identity's own registry in us-east-1 failed");
      assertThat(session.health().state()).isEqualTo(Health.State.ERROR);
    }
  }

  @Test
  void closeEndsReadinessAndIsIdempotent() throws Exception {
    int watches = source.context().openWatches();
    CredentialSession session = open();
    session.version(OWN);
    session.fetch(OWN);

    session.close();
    assertThat(source.context().openWatches()).isEqualTo(watches);
    assertThat(session.health().state()).isNotEqualTo(Health.State.READY);
    assertThatCode(session::close).doesNotThrowAnyException();
  }

  private CredentialSession open() throws SourceException {
    return factory.open(source.config(), source.context());
  }
}
