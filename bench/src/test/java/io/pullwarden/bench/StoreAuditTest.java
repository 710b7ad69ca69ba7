package io.pullwarden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreAuditTest {

  private static final String AGENT = "token-pullwarden-bench";

  private final StoreAudit audit =
      new StoreAudit(Path.of("unused"), AGENT, "secret", "bench/store");

  /** One audit entry as OpenBao's file device writes it (only the fields that matter here). */
  private static String entry(
      String type, String time, String displayName, String operation, String path) {
    return "{\"time\":\""
        + time
        + "\",\"type\":\""
        + type
        + "\",\"auth\":{\"client_token\":\"hmac-sha256:ab\",\"display_name\":\""
        + displayName
        + "\"},\"request\":{\"operation\":\""
        + operation
        + "\",\"path\":\""
        + path
        + "\"}}";
  }

  @Test
  void countsTheAgentsReadsOfTheSecretOncePerRequest() {
    StoreAudit.Counts counts =
        audit.count(
            List.of(
                entry(
                    "request",
                    "2026-12-01T04:00:00Z",
                    AGENT,
                    "read",
                    "secret/metadata/bench/store"),
                entry(
                    "response",
                    "2026-12-01T04:00:00Z",
                    AGENT,
                    "read",
                    "secret/metadata/bench/store"),
                entry(
                    "request",
                    "2026-12-01T04:00:10Z",
                    AGENT,
                    "read",
                    "secret/metadata/bench/store"),
                entry("request", "2026-12-01T04:00:10Z", AGENT, "read", "secret/data/bench/store"),
                entry("response", "2026-12-01T04:00:10Z", AGENT, "read", "secret/data/bench/store"),
                "",
                entry(
                    "request", "2026-12-01T04:00:11Z", "root", "update", "secret/data/bench/store"),
                entry("request", "2026-12-01T04:00:11Z", "root", "read", "secret/data/bench/store"),
                entry("request", "2026-12-01T04:00:12Z", AGENT, "read", "auth/token/lookup-self"),
                entry("request", "2026-12-01T04:00:12Z", AGENT, "read", "secret/data/bench/other"),
                entry(
                    "request",
                    "2026-12-01T04:00:13Z",
                    AGENT,
                    "list",
                    "secret/metadata/bench/store")));

    assertThat(counts.metadataReads()).as("metadata reads").isEqualTo(2);
    assertThat(counts.dataReads()).as("data reads").isEqualTo(1);
    assertThat(counts.requests()).isEqualTo(3);
    assertThat(counts.metadataTimes())
        .containsExactly(
            Instant.parse("2026-12-01T04:00:00Z"), Instant.parse("2026-12-01T04:00:10Z"));
  }

  @Test
  void theMedianGapBetweenVersionChecksIsTheRefreshAsItRuns() {
    StoreAudit.Counts counts =
        new StoreAudit.Counts(
            4,
            0,
            List.of(
                Instant.parse("2026-12-01T04:00:00Z"),
                Instant.parse("2026-12-01T04:00:10Z"),
                Instant.parse("2026-12-01T04:00:21Z"),
                Instant.parse("2026-12-01T04:00:31Z")));

    assertThat(counts.medianGap()).isEqualTo(Duration.ofSeconds(10));
    assertThat(new StoreAudit.Counts(1, 0, List.of(Instant.EPOCH)).medianGap()).isNull();
  }

  @Test
  void countsOnlyWhatWasLoggedSinceTheMarkAndLeavesAHalfWrittenLineForLater(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("audit.log");
    String before =
        entry("request", "2026-12-01T04:00:00Z", AGENT, "read", "secret/data/bench/store") + "\n";
    Files.writeString(log, before);
    StoreAudit fromFile = new StoreAudit(log, AGENT, "secret", "bench/store");
    long mark = fromFile.mark();
    String after =
        entry("request", "2026-12-01T04:00:10Z", AGENT, "read", "secret/metadata/bench/store");
    Files.writeString(log, before + after + "\n" + after.substring(0, 20));

    StoreAudit.Counts counts = fromFile.since(mark);

    assertThat(counts.dataReads()).as("data reads since the mark").isZero();
    assertThat(counts.metadataReads()).as("metadata reads since the mark").isEqualTo(1);
  }

  @Test
  void aMarkTakenWhileALineIsWrittenCountsThatLineOnceWholeInTheNextWindow(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("audit.log");
    String first =
        entry("request", "2026-12-01T04:00:00Z", AGENT, "read", "secret/metadata/bench/store");
    String second =
        entry("request", "2026-12-01T04:00:10Z", AGENT, "read", "secret/data/bench/store");
    Files.writeString(log, first + "\n" + second.substring(0, 20));
    StoreAudit partial = new StoreAudit(log, AGENT, "secret", "bench/store");

    long mark = partial.mark();
    Files.writeString(log, first + "\n" + second + "\n");

    StoreAudit.Counts counts = partial.since(mark);
    assertThat(counts.metadataReads()).isZero();
    assertThat(counts.dataReads()).isEqualTo(1);
  }
}
