package io.pullwarden.agent.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The closest auths key to an image, and how a miss is explained, on keys a tenant wrote. */
class KeyMismatchTest {

  @Test
  void aTypoInTheHostRanksAboveAnUnrelatedHost() {
    var closest =
        KeyMismatch.closest(
            List.of("quay.io", "registry.exmaple.com"), "registry.example.com/team/app:1");

    assertThat(closest).map(KeyMismatch::key).contains("registry.exmaple.com");
    assertThat(closest.get().difference()).startsWith("the host differs");
  }

  @Test
  void aHundredThousandCharacterKeyIsComparedQuickly() {
    String huge = "a".repeat(100_000) + ".example.com";

    var closest =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2),
            () ->
                KeyMismatch.closest(
                    List.of(huge, "quay.io"), "b".repeat(100_000) + ".example.com/app:1"));

    assertThat(closest).isPresent();
  }
}
