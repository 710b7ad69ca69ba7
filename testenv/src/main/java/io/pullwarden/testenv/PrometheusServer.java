package io.pullwarden.testenv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A real Prometheus (Debian package) that scrapes every second, so tests can prove the agent's
 * {@code /metrics} is really scrapeable and that PromQL over it gives what the chart's alerts and
 * dashboard expect. Targets are added at run time through file-based service discovery; the
 * configuration and TSDB live in a temporary directory that is deleted on close.
 */
public final class PrometheusServer implements AutoCloseable {

  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final Pattern JOB = Pattern.compile("[A-Za-z0-9_-]+");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerProcess process;
  private final Path dir;
  private final URI url;
  private final Map<String, Set<String>> targetsByJob = new TreeMap<>();

  private PrometheusServer(ServerProcess process, Path dir, URI url) {
    this.process = process;
    this.dir = dir;
    this.url = url;
  }

  /**
   * One sample of an instant-vector (or scalar) query result.
   *
   * @param labels the series labels, {@code __name__} included when the query keeps it
   * @param value the sample value
   */
  public record Sample(Map<String, String> labels, double value) {}

  /** Starts Prometheus on a free port of 127.0.0.1; returns once {@code /-/ready} answers 200. */
  public static PrometheusServer start() {
    String prometheus = TestDependencies.debianBinary("prometheus", PROMETHEUS).toString();
    Path dir = TempDirectory.create("pullwarden-prometheus");
    URI url = URI.create("http://127.0.0.1:" + FreePort.next() + "/");
    try {
      Files.createDirectories(dir.resolve("targets"));
      Path config = Files.writeString(dir.resolve("prometheus.yml"), config(dir));
      ServerProcess process =
          ServerProcess.start(
              "prometheus",
              List.of(
                  prometheus,
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("tsdb"),
                  "--web.listen-address=" + url.getAuthority()),
              Map.of());
      process.awaitReady(
          Duration.ofSeconds(30),
          () -> LoopbackHttp.get(url.resolve("-/ready")).statusCode() == 200);
      return new PrometheusServer(process, dir, url);
    } catch (IOException e) {
      TempDirectory.deleteQuietly(dir);
      throw new UncheckedIOException("could not prepare Prometheus in " + dir, e);
    } catch (RuntimeException e) {
      TempDirectory.deleteQuietly(dir);
      throw e;
    }
  }

  /** {@code promtool}, for rule tests ({@code promtool test rules}) that need no server. */
  public static Path promtool() {
    return TestDependencies.debianBinary("prometheus", PROMTOOL);
  }

  /** The base URL, ending in {@code /}. */
  public URI url() {
    return url;
  }

  /**
   * Scrapes {@code http://<hostPort>/metrics} every second from now on, with label {@code
   * job=<job>}. Prometheus notices the change within a second but applies new targets at most every
   * five seconds, so the first sample can take about six seconds to appear.
   */
  public synchronized void addScrapeTarget(String job, String hostPort) {
    if (!JOB.matcher(job).matches()) {
      throw new IllegalArgumentException("job names here are [A-Za-z0-9_-]+, not " + job);
    }
    Set<String> targets = targetsByJob.computeIfAbsent(job, j -> new TreeSet<>());
    targets.add(hostPort);
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("targets", List.copyOf(targets));
    group.put("labels", Map.of("job", job));
    try {
      // write aside and rename: Prometheus must never read a half-written file
      Path next = dir.resolve("targets/" + job + ".json.next");
      Files.write(next, JSON.writeValueAsBytes(List.of(group)));
      Files.move(
          next,
          dir.resolve("targets/" + job + ".json"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the scrape targets of job " + job, e);
    }
  }

  /** Runs an instant PromQL query now; fails on a PromQL error or a range-vector result. */
  public List<Sample> query(String promql) {
    URI uri =
        url.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response = LoopbackHttp.get(uri);
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          "Prometheus answered HTTP " + response.statusCode() + " without JSON to: " + promql, e);
    }
    if (!"success".equals(body.path("status").asText())) {
      throw new IllegalStateException(
          "query " + promql + " failed: " + body.path("error").asText(response.body()));
    }
    JsonNode data = body.path("data");
    return switch (data.path("resultType").asText()) {
      case "vector" -> vector(data.path("result"));
      case "scalar" -> List.of(new Sample(Map.of(), value(data.path("result"))));
      default ->
          throw new IllegalStateException(
              "query "
                  + promql
                  + " returned a "
                  + data.path("resultType").asText()
                  + ", not a vector");
    };
  }

  @Override
  public void close() {
    process.close();
    TempDirectory.deleteQuietly(dir);
  }

  private static List<Sample> vector(JsonNode result) {
    List<Sample> samples = new ArrayList<>();
    for (JsonNode series : result) {
      Map<String, String> labels = new TreeMap<>();
      series
          .path("metric")
          .properties()
          .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      samples.add(new Sample(Collections.unmodifiableMap(labels), value(series.path("value"))));
    }
    return List.copyOf(samples);
  }

  /** A sample is {@code [unixTime, "value"]}; the value is a string so NaN and ±Inf survive. */
  private static double value(JsonNode timeAndValue) {
    return switch (timeAndValue.path(1).asText()) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(timeAndValue.path(1).asText());
    };
  }

  private static String config(Path dir) {
    return """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: file-sd
            file_sd_configs:
              - files: ['%s']
                refresh_interval: 1s
        """
        .formatted(dir.resolve("targets/*.json"));
  }
}
