package io.pullwarden.plugins.awssecretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsManagerSessionTest {

  private final FakeSecretStore store = new FakeSecretStore();
  private boolean loginClosed;
  private final SecretsManagerSession session =
      new SecretsManagerSession(store, () -> loginClosed = true, "eu-west-1");

  @Test
  void versionIsTheVersionCarryingTheStageAndFetchReadsItOnce() throws Exception {
    String first = store.put("reg", login("pw-1"));
    Settings ref = ref(Map.of("secretId", "reg"));

    assertThat(session.version(ref)).contains(first);
    assertThat(session.fetch(ref).version()).isEqualTo(first);
    assertThat(store.describes).isEqualTo(1);
    assertThat(store.reads).isEqualTo(1);

    String second = store.put("reg", login("pw-2"));
    assertThat(session.version(ref)).contains(second);
    assertThat(session.fetch(ref).secret()).isEqualTo(new UsernamePassword("robot", "pw-2"));
  }

  @Test
  void previousStageIsReadOnlyWhenAskedFor() throws Exception {
    String first = store.put("reg", login("pw-1"));
    store.put("reg", login("pw-2"));
    Settings previous = ref(Map.of("secretId", "reg", "versionStage", "AWSPREVIOUS"));

    assertThat(session.version(previous)).contains(first);
    assertThat(session.fetch(previous).secret()).isEqualTo(new UsernamePassword("robot", "pw-1"));
  }

  @Test
  void pinnedVersionNeedsNoDescribe() throws Exception {
    String first = store.put("reg", login("pw-1"));
    store.put("reg", login("pw-2"));
    Settings pinned = ref(Map.of("secretId", "reg", "versionId", first));

    assertThat(session.version(pinned)).contains(first);
    assertThat(store.describes).isZero();
    assertThat(session.fetch(pinned).version()).isEqualTo(first);
  }

  @Test
  void aStageNoVersionCarriesIsNotFoundNamingTheField() {
    store.put("reg", login("pw-1"));

    assertThatThrownBy(
            () -> session.version(ref(Map.of("secretId", "reg", "versionStage", "BLUE"))))
        .isInstanceOf(SourceException.NotFound.class)
        .hasMessage(
            "secret 'reg' has no version labelled BLUE; label one or correct"
                + " spec.registries[0].ref.versionStage");
  }

  @Test
  void storeFailuresDecideHealthButMissingSecretsDoNot() {
    Settings ref = ref(Map.of("secretId", "missing"));
    assertThatThrownBy(() -> session.version(ref)).isInstanceOf(SourceException.NotFound.class);
    assertThat(session.health()).isEqualTo(Health.ready());

    store.failure = new SourceException.Transient("DescribeSecret failed: throttled", null);
    assertThatThrownBy(() -> session.version(ref)).isSameAs(store.failure);
    assertThat(session.health()).isEqualTo(Health.error("DescribeSecret failed: throttled"));
  }

  @Test
  void successAfterAFailureIsReadyAgain() throws Exception {
    store.put("reg", login("pw"));
    store.failure = new SourceException.AuthFailed("refused", null);
    assertThatThrownBy(() -> session.fetch(ref(Map.of("secretId", "reg"))))
        .isInstanceOf(SourceException.AuthFailed.class);
    assertThat(session.health().state()).isEqualTo(Health.State.ERROR);
    store.failure = null;

    session.fetch(ref(Map.of("secretId", "reg")));
    assertThat(session.health()).isEqualTo(Health.ready());
  }

  @Test
  void badRefsAreRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> session.version(ref(Map.of("secretid", "reg"))))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageStartingWith("spec.registries[0].ref.secretid is not an aws-secrets-manager");
    assertThat(store.describes + store.reads).isZero();
  }

  @Test
  void closeIsIdempotentAndEndsTheSession() {
    session.close();
    session.close();

    assertThat(store.closed).isTrue();
    assertThat(loginClosed).isTrue();
    assertThat(session.health())
        .isEqualTo(Health.error("the aws-secrets-manager session for eu-west-1 is closed"));
    assertThatThrownBy(() -> session.fetch(ref(Map.of("secretId", "reg"))))
        .isInstanceOf(IllegalStateException.class);
  }

  private static String login(String password) {
    return "{\"username\":\"robot\",\"password\":\"" + password + "\"}";
  }

  private static Settings ref(Map<String, Object> values) {
    return Settings.of("spec.registries[0].ref", values);
  }
}
