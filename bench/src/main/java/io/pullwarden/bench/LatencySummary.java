package io.pullwarden.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The median and tail of a set of measured durations, as the benchmark reports them. Percentiles
 * are nearest-rank, so every figure printed is a duration that was really measured (for an even
 * count the median is the lower of the two middle samples), and a tail of 100 samples is not
 * smoothed into something no namespace experienced.
 */
public record LatencySummary(List<Duration> sorted) {

  public LatencySummary {
    sorted = sorted.stream().sorted().toList();
  }

  public static LatencySummary of(Collection<Duration> samples) {
    return new LatencySummary(List.copyOf(samples));
  }

  public int count() {
    return sorted.size();
  }

  public boolean isEmpty() {
    return sorted.isEmpty();
  }

  /** The nearest-rank percentile {@code p} (0 < p ≤ 100): the ⌈p/100 · n⌉-th smallest sample. */
  public Duration percentile(double p) {
    if (sorted.isEmpty()) {
      throw new IllegalStateException("no samples");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
    }
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  public Duration median() {
    return percentile(50);
  }

  public Duration max() {
    return percentile(100);
  }

  /** {@code numerator / denominator} as a plain number, for ratios of two measured times. */
  public static double ratio(Duration numerator, Duration denominator) {
    return (double) numerator.toNanos() / denominator.toNanos();
  }
}
