package io.pullwarden.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.Validation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour the agent relies on from every source plugin, checked against the plugin's real
 * store: a plugin's integration test extends this class and implements the hooks; the tests here
 * are the same for every plugin, so all plugins mean the same thing by "fetch", "version", "not
 * found" and "closed". Assertions never print a credential: values are compared and only the
 * outcome is reported. Do not override a test to skip it; fix the plugin or the hook instead.
 */
public abstract class CredentialSourceConformance {

  /** A config the plugin must reject, and the field path ({@code spec.config.x}) it must name. */
  public record BadConfig(Settings config, String field) {}

  /** The factory under test, as the agent would find it. */
  protected abstract CredentialSourceFactory factory();

  /** A {@code spec.config} that opens a working session to the test store. */
  protected abstract Settings validConfig();

  /**
   * The context sessions are opened with; the test owns and closes it: an {@link
   * InMemorySourceContext}, or a {@link TestSourceContext} on a real API server.
   */
  protected abstract ConformanceContext context();

  /**
   * Stores a new username/password credential called {@code name} (a fresh, DNS-safe name) in the
   * test store and returns the {@code ref} that points at it.
   */
  protected abstract Settings createCredential(String name, String username, String password)
      throws Exception;

  /** Replaces the credential {@code ref} points at with a new username and password. */
  protected abstract void updateCredential(Settings ref, String username, String password)
      throws Exception;

  /** A {@code ref} to a credential called {@code name} that does not exist in the test store. */
  protected abstract Settings missingRef(String name);

  /** A few configs that cannot work, each with the field its problem must name. */
  protected abstract List<BadConfig> invalidConfigs();

  @Test
  void typeIsLowerCaseAndStable() {
    assertThat(factory().type()).matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    assertThat(factory().type()).isEqualTo(factory().type());
  }

  @Test
  void validConfigPassesValidation() {
    assertThat(factory().validate(validConfig()).problems()).isEmpty();
  }

  @Test
  void healthIsReadyOnAnOpenSession() throws Exception {
    try (CredentialSession session = open()) {
      assertThat(session.health().state()).isEqualTo(Health.State.READY);
    }
  }

  @Test
  void fetchReturnsTheStoredUsernameAndPassword() throws Exception {
    SampleLogin login = SampleLogin.create();
    Settings ref = create("fetch", login);
    try (CredentialSession session = open()) {
      login.assertFetched(session.fetch(ref));
    }
  }

  @Test
  void fetchedCredentialNeverPrintsThePassword() throws Exception {
    SampleLogin login = SampleLogin.create();
    String password = login.password();
    Settings ref = create("print", login);
    try (CredentialSession session = open()) {
      Credential credential = session.fetch(ref);
      assertThat(credential.toString().contains(password))
          .as("Credential.toString() contains the password")
          .isFalse();
      assertThat(String.valueOf(credential.secret()).contains(password))
          .as("CredentialSecret.toString() contains the password")
          .isFalse();
    }
  }

  @Test
  void versionIsStableWhileNothingChanges() throws Exception {
    Settings ref = create("stable", SampleLogin.create());
    try (CredentialSession session = open()) {
      Optional<String> version = session.version(ref);
      Credential first = session.fetch(ref);
      assertThat(session.version(ref)).as("version(ref) called twice").isEqualTo(version);
      assertThat(session.fetch(ref).version()).as("fetched twice").isEqualTo(first.version());
      version.ifPresent(
          v -> assertThat(v).as("version(ref) vs the fetched version").isEqualTo(first.version()));
    }
  }

  @Test
  void versionChangesWhenTheCredentialChanges() throws Exception {
    Settings ref = create("update", SampleLogin.create());
    try (CredentialSession session = open()) {
      Optional<String> before = session.version(ref);
      Credential first = session.fetch(ref);
      SampleLogin changed = SampleLogin.create();
      updateCredential(ref, changed.username(), changed.password());

      Optional<String> after = session.version(ref);
      Credential second = session.fetch(ref);
      changed.assertFetched(second);
      assertThat(second.version())
          .as("fetched version after an update")
          .isNotEqualTo(first.version());
      assertThat(after.isPresent())
          .as("version(ref) present after an update")
          .isEqualTo(before.isPresent());
      if (after.isPresent()) {
        assertThat(after).as("version(ref) after an update").isNotEqualTo(before);
        assertThat(after.get())
            .as("version(ref) vs the fetched version")
            .isEqualTo(second.version());
      }
    }
  }

  @Test
  void missingCredentialIsNotFoundAndNamed() throws Exception {
    String name = SampleLogin.uniqueName("missing");
    Settings ref = missingRef(name);
    try (CredentialSession session = open()) {
      assertThatThrownBy(() -> session.fetch(ref))
          .isInstanceOf(SourceException.NotFound.class)
          .hasMessageContaining(name);
      try {
        assertThat(session.version(ref)).as("version(ref) of a missing credential").isEmpty();
      } catch (SourceException.NotFound e) {
        assertThat(e).hasMessageContaining(name);
      }
    }
  }

  @Test
  void invalidConfigIsReportedByField() {
    List<BadConfig> badConfigs = invalidConfigs();
    assertThat(badConfigs).as("invalidConfigs()").isNotEmpty();
    for (BadConfig bad : badConfigs) {
      Validation validation = factory().validate(bad.config());
      assertThat(validation.problems())
          .as("validate() problems for a config with a bad %s", bad.field())
          .anySatisfy(problem -> assertThat(problem).contains(bad.field()));
      assertThatThrownBy(() -> factory().open(bad.config(), context()).close())
          .as("open() with a bad %s", bad.field())
          .isInstanceOf(SourceException.InvalidConfig.class)
          .hasMessageContaining(bad.field());
    }
  }

  @Test
  void closeReleasesWatchesAndEndsReadiness() throws Exception {
    Settings ref = create("close", SampleLogin.create());
    int watchesBefore = context().openWatches();
    CredentialSession session = open();
    session.version(ref);
    session.fetch(ref);

    session.close();
    assertThat(context().openWatches()).as("watches open after close()").isEqualTo(watchesBefore);
    assertThat(session.health().state())
        .as("health after close()")
        .isNotEqualTo(Health.State.READY);
    assertThatCode(session::close).as("a second close()").doesNotThrowAnyException();
  }

  /** Opens a session with {@link #validConfig()} and {@link #context()}. */
  protected CredentialSession open() throws SourceException {
    return factory().open(validConfig(), context());
  }

  private Settings create(String purpose, SampleLogin login) throws Exception {
    return createCredential(SampleLogin.uniqueName(purpose), login.username(), login.password());
  }
}
