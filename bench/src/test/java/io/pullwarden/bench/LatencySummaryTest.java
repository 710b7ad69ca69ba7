package io.pullwarden.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void percentilesAreNearestRankOverTheSortedSamples() {
    // 1..100 ms, shuffled: the p-th percentile is exactly p ms.
    List<Duration> samples =
        IntStream.rangeClosed(1, 100).map(i -> (i * 37) % 100 + 1).mapToObj(i -> ms(i)).toList();
    LatencySummary summary = LatencySummary.of(samples);

    assertThat(summary.count()).isEqualTo(100);
    assertThat(summary.median()).isEqualTo(ms(50));
    assertThat(summary.percentile(99)).isEqualTo(ms(99));
    assertThat(summary.max()).isEqualTo(ms(100));
    assertThat(summary.percentile(0.1)).isEqualTo(ms(1));
  }

  @Test
  void theMedianOfAnEvenCountIsTheLowerMiddleSampleAndOfAnOddCountTheMiddleOne() {
    assertThat(LatencySummary.of(List.of(ms(40), ms(10), ms(30), ms(20))).median())
        .isEqualTo(ms(20));
    assertThat(LatencySummary.of(List.of(ms(3), ms(1), ms(2))).median()).isEqualTo(ms(2));
    assertThat(LatencySummary.of(List.of(ms(7))).percentile(99)).isEqualTo(ms(7));
  }

  @Test
  void aTailOfFewSamplesIsTheLargestSampleNotAnInterpolation() {
    LatencySummary summary = LatencySummary.of(List.of(ms(10), ms(11), ms(900)));
    assertThat(summary.percentile(99)).isEqualTo(ms(900));
  }

  @Test
  void emptySummariesAndOutOfRangePercentilesAreRefused() {
    assertThat(LatencySummary.of(List.of()).isEmpty()).isTrue();
    assertThatThrownBy(() -> LatencySummary.of(List.of()).median())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> LatencySummary.of(List.of(ms(1))).percentile(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencySummary.of(List.of(ms(1))).percentile(101))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ratioDividesTwoDurations() {
    assertThat(LatencySummary.ratio(ms(1250), ms(1000))).isEqualTo(1.25);
  }
}
