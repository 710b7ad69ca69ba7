package io.pullwarden.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the store itself saw of one credential: the requests in OpenBao's file audit log that one
 * client token (known by its display name, which the audit device does not hash) made for one KV v2
 * secret, as metadata reads (the agent's cheap version check) and data reads (a fetch). Counting at
 * the store means a refresh the agent forgot to count, or a retry it counted once, still shows.
 * OpenBao logs each request twice, as a request and a response entry; only the request is counted.
 */
final class StoreAudit {

  /**
   * The requests between two marks.
   *
   * @param metadataTimes when each metadata read was made, by OpenBao's clock
   */
  record Counts(int metadataReads, int dataReads, List<Instant> metadataTimes) {

    int requests() {
      return metadataReads + dataReads;
    }

    /** The median gap between successive metadata reads: the agent's refresh, as it runs. */
    Duration medianGap() {
      List<Duration> gaps = new ArrayList<>();
      for (int i = 1; i < metadataTimes.size(); i++) {
        gaps.add(Duration.between(metadataTimes.get(i - 1), metadataTimes.get(i)));
      }
      return gaps.isEmpty() ? null : LatencySummary.of(gaps).median();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path log;
  private final String displayName;
  private final String metadataPath;
  private final String dataPath;

  /** Reads {@code log} for {@code displayName}'s requests for {@code mount}/{@code path}. */
  StoreAudit(Path log, String displayName, String mount, String path) {
    this.log = log;
    this.displayName = displayName;
    this.metadataPath = mount + "/metadata/" + path;
    this.dataPath = mount + "/data/" + path;
  }

  /**
   * Where the log's last whole line ends now: a mark to count from. A line still being written
   * belongs to the next count, whole.
   */
  long mark() {
    try {
      if (!Files.exists(log)) {
        return 0;
      }
      byte[] bytes = Files.readAllBytes(log);
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') {
        end--;
      }
      return end;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + log, e);
    }
  }

  /** The requests logged since {@code mark}. */
  Counts since(long mark) {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long end = file.length();
      byte[] bytes = new byte[(int) Math.max(0, end - mark)];
      file.seek(mark);
      file.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      // A line still being written has no newline yet; it belongs to the next count.
      return count(text.substring(0, text.lastIndexOf('\n') + 1).lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + log, e);
    }
  }

  /** Counts the audit entries in {@code lines} (JSON, one per line). */
  Counts count(List<String> lines) {
    int metadata = 0;
    int data = 0;
    List<Instant> times = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode entry;
      try {
        entry = JSON.readTree(line);
      } catch (IOException e) {
        throw new IllegalStateException("an audit log line is not JSON", e);
      }
      JsonNode request = entry.path("request");
      if (!"request".equals(entry.path("type").asText())
          || !displayName.equals(entry.path("auth").path("display_name").asText())
          || !"read".equals(request.path("operation").asText())) {
        continue;
      }
      String path = request.path("path").asText();
      if (path.equals(metadataPath)) {
        metadata++;
        times.add(Instant.parse(entry.path("time").asText()));
      } else if (path.equals(dataPath)) {
        data++;
      }
    }
    return new Counts(metadata, data, times);
  }
}
