package io.pullwarden.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PrometheusExtension.class)
class PrometheusServerIT {

  @Test
  void scrapesATargetAddedAtRunTime(PrometheusServer prometheus) throws Exception {
    HttpServer exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    exporter.createContext(
        "/metrics",
        exchange -> {
          byte[] body =
              "# HELP smoke_value A constant.\n# TYPE smoke_value gauge\nsmoke_value 42\n"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    exporter.start();
    String target = "127.0.0.1:" + exporter.getAddress().getPort();
    try {
      prometheus.addScrapeTarget("smoke", target);

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () ->
                  assertThat(prometheus.query("smoke_value{job=\"smoke\"}"))
                      .extracting(PrometheusServer.Sample::value)
                      .containsExactly(42.0));
      assertThat(prometheus.query("up{job=\"smoke\"}"))
          .singleElement()
          .satisfies(up -> assertThat(up.value()).isEqualTo(1.0))
          .satisfies(up -> assertThat(up.labels()).containsEntry("instance", target));
    } finally {
      exporter.stop(0);
    }
  }

  @Test
  void scalarResultsAndPromqlErrorsAreReported(PrometheusServer prometheus) {
    assertThat(prometheus.query("scalar(vector(7))"))
        .containsExactly(new PrometheusServer.Sample(Map.of(), 7.0));
    assertThatThrownBy(() -> prometheus.query("sum(")).hasMessageContaining("parse error");
  }

  @Test
  void promtoolChecksRules(@TempDir Path dir) throws Exception {
    Path rules =
        Files.writeString(
            dir.resolve("rules.yml"),
            """
            groups:
              - name: smoke
                rules:
                  - alert: SmokeTooHigh
                    expr: smoke_value > 40
            """);
    Process promtool =
        new ProcessBuilder(
                PrometheusServer.promtool().toString(), "check", "rules", rules.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(promtool.waitFor()).as(output).isZero();
    assertThat(output).contains("SUCCESS: 1 rules found");
  }
}
