package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostnameMatchTest {

  private static final List<String> NAMES =
      List.of(
          "DNS:vault.example.com", "DNS:*.vault.internal", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "vault.example.com, true",
    "VAULT.Example.com, true",
    "other.example.com, false",
    "a.vault.internal, true",
    "a.b.vault.internal, false",
    "vault.internal, false",
    "127.0.0.1, true",
    "127.0.0.2, false",
    "'[::1]', true",
    "::1, true",
  })
  void matchesBySubjectAlternativeNames(String expected, boolean matches) {
    assertThat(HostnameMatch.matches(expected, NAMES)).isEqualTo(matches);
  }

  @ParameterizedTest(name = "pattern {0} never matches {1}")
  @CsvSource({"DNS:*.com, example.com", "DNS:*.com, a.com", "DNS:127.0.0.1, 127.0.0.1"})
  void wildcardsAndIpsAreNotStretched(String name, String expected) {
    assertThat(HostnameMatch.matches(expected, List.of(name))).isFalse();
  }
}
