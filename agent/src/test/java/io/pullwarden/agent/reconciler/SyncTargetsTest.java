package io.pullwarden.agent.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceStatus;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which changes of a CredentialSource wake the syncs that use it. */
class SyncTargetsTest {

  @ParameterizedTest(name = "generation {0} -> {2}, Ready {1} -> {3}: wakes {4}")
  @CsvSource({
    "1, False, 1, True,  true", // the store is back: syncs waiting out a backoff try at once
    "1, ,      1, True,  true", // first report
    "1, True,  1, False, false", // the syncs met that failure themselves
    "1, False, 1, False, false", // a new message, or the same state again
    "1, True,  1, True,  false",
    "1, True,  2, True,  true", // the spec changed
    "1, False, 2, False, true",
  })
  void aSourceWakesItsSyncsWhenItsSpecChangesOrItTurnsReady(
      long generationBefore,
      String readyBefore,
      long generationNow,
      String readyNow,
      boolean wakes) {
    assertThat(
            SyncTargets.concernsSyncs(
                source(generationNow, readyNow), source(generationBefore, readyBefore)))
        .isEqualTo(wakes);
  }

  private static CredentialSource source(long generation, String ready) {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName("store");
    source.getMetadata().setGeneration(generation);
    if (ready != null) {
      CredentialSourceStatus status = new CredentialSourceStatus();
      StatusConditions.set(
          status,
          StatusConditions.READY,
          Boolean.parseBoolean(ready),
          "Why",
          "",
          generation,
          Instant.EPOCH);
      source.setStatus(status);
    }
    return source;
  }
}
