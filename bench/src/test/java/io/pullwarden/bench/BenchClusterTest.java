package io.pullwarden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BenchClusterTest {

  @Test
  void theLookalikeCountInTheResultsIsTheNumberOfNamespacesThatHoldOne() {
    for (int n : new int[] {1, 24, 25, 26, 1000, 5000}) {
      long holding =
          IntStream.range(0, n)
              .mapToObj(i -> String.format("bench-%05d", i))
              .filter(BenchCluster::holdsLookalike)
              .count();
      assertThat(BenchCluster.lookalikes(n)).as("N = %d", n).isEqualTo((int) holding);
    }
    assertThat(BenchCluster.lookalikes(5000)).isEqualTo(200);
    assertThat(BenchCluster.holdsLookalike("bench-new-5000-000"))
        .as("a namespace of the new-namespace step")
        .isFalse();
  }
}
