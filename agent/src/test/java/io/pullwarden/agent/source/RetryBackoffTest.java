package io.pullwarden.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryBackoffTest {

  @ParameterizedTest(name = "failure {0}, sample {1}: {2}")
  @CsvSource({
    "1, 0.0, PT10S",
    "2, 0.0, PT20S",
    "3, 0.0, PT40S",
    "5, 0.0, PT2M40S",
    "6, 0.0, PT5M",
    "7, 0.0, PT5M",
    "1000, 0.0, PT5M",
    "1, 1.0, PT8S",
    "1, 0.5, PT9S",
    "6, 1.0, PT4M",
    "1, 7.0, PT8S",
    "1, -3.0, PT10S",
    "0, 0.0, PT10S"
  })
  void doublesFromTenSecondsToFiveMinutesAndJitterOnlyShortens(
      int failures, double sample, String expected) {
    assertThat(RetryBackoff.DEFAULT.delay(failures, sample)).isEqualTo(Duration.parse(expected));
  }

  @Test
  void shortNumbersForTestsWork() {
    RetryBackoff quick = new RetryBackoff(Duration.ofMillis(100), Duration.ofMillis(250), 0);

    assertThat(quick.delay(1, 0.9)).isEqualTo(Duration.ofMillis(100));
    assertThat(quick.delay(2, 0.9)).isEqualTo(Duration.ofMillis(200));
    assertThat(quick.delay(3, 0.9)).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachResourceBacksOffOnItsOwnAndASuccessStartsAgain() {
    BackoffRegistry registry = new BackoffRegistry(RetryBackoff.DEFAULT, () -> 0.0);

    registry.failed("a");
    registry.failed("a");
    Duration third = registry.failed("a");
    Duration other = registry.failed("b");
    registry.succeeded("a");

    assertThat(third).isEqualTo(Duration.ofSeconds(40));
    assertThat(other).isEqualTo(Duration.ofSeconds(10));
    assertThat(registry.failures("a")).isZero();
    assertThat(registry.failed("a")).isEqualTo(Duration.ofSeconds(10));
    assertThat(registry.failures("b")).isEqualTo(1);
  }
}
