package io.pullwarden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  private static final PrometheusText PAGE =
      new PrometheusText(
          """
          # HELP pullwarden_source_requests_total Calls to credential stores
          # TYPE pullwarden_source_requests_total counter
          pullwarden_source_requests_total{operation="fetch",outcome="success",plugin="kubernetes-secret",source="s"} 3.0
          pullwarden_source_requests_total{operation="fetch",outcome="transient",plugin="kubernetes-secret",source="s"} 1.0
          pullwarden_source_requests_total{operation="version",outcome="success",plugin="kubernetes-secret",source="s"} 12.0
          jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
          jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2097152.0
          jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
          jvm_threads_live_threads 42.0
          odd_label{message="a \\"quoted\\", comma"} 2.0
          """);

  @Test
  void sumsEveryLabelSetThatCarriesTheWantedLabels() {
    assertThat(PAGE.sum("pullwarden_source_requests_total", Map.of("operation", "fetch")))
        .isEqualTo(4.0);
    assertThat(
            PAGE.sum(
                "pullwarden_source_requests_total",
                Map.of("operation", "fetch", "outcome", "success")))
        .isEqualTo(3.0);
    assertThat(PAGE.sum("jvm_memory_used_bytes", Map.of("area", "heap")))
        .isEqualTo(10485760.0 + 2097152.0);
  }

  @Test
  void readsUnlabelledSamplesAndEscapedLabelValues() {
    assertThat(PAGE.sum("jvm_threads_live_threads")).isEqualTo(42.0);
    assertThat(PAGE.sum("odd_label", Map.of("message", "a \"quoted\", comma"))).isEqualTo(2.0);
  }

  @Test
  void sumsByTheValuesOfTheGivenLabels() {
    assertThat(PAGE.sumsBy("pullwarden_source_requests_total", List.of("operation")))
        .containsExactly(Map.entry("fetch", 4.0), Map.entry("version", 12.0));
    assertThat(PAGE.sumsBy("jvm_memory_used_bytes", List.of("area", "missing")))
        .containsOnlyKeys("heap ", "nonheap ");
    assertThat(PAGE.sumsBy("absent_total", List.of("operation"))).isEmpty();
  }

  @Test
  void anAbsentMetricOrLabelValueSumsToZeroAndNamesMustMatchExactly() {
    assertThat(PAGE.sum("pullwarden_secret_writes_total")).isZero();
    assertThat(PAGE.sum("pullwarden_source_requests", Map.of())).isZero();
    assertThat(PAGE.sum("pullwarden_source_requests_total", Map.of("operation", "renew"))).isZero();
  }
}
