package io.pullwarden.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh, unique username and password for one conformance test, and the one way the suite
 * compares a fetched credential with it: by equality, reporting only whether it matched, so no
 * value ever reaches test output. Unique values also make "the password is not printed" checks
 * meaningful.
 */
record SampleLogin(String username, String password) {

  private static final AtomicInteger NAMES = new AtomicInteger();

  static SampleLogin create() {
    return new SampleLogin("user-" + random(), "pass-" + random());
  }

  /**
   * A DNS-safe credential name no other test uses, such as {@code conformance-fetch-3-1a2b3c4d}.
   */
  static String uniqueName(String purpose) {
    return "conformance-" + purpose + "-" + NAMES.incrementAndGet() + "-" + random(8);
  }

  void assertFetched(Credential credential) {
    assertThat(credential.secret()).isInstanceOf(UsernamePassword.class);
    UsernamePassword login = (UsernamePassword) credential.secret();
    assertThat(Objects.equals(login.username(), username))
        .as("fetched username equals the stored one")
        .isTrue();
    assertThat(Objects.equals(login.password(), password))
        .as("fetched password equals the stored one")
        .isTrue();
  }

  @Override
  public String toString() {
    return "SampleLogin[redacted]";
  }

  private static String random() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static String random(int length) {
    return random().substring(0, length);
  }
}
