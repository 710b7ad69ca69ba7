package io.pullwarden.agent.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.agent.fanout.NamespaceOutcome.Result;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The further per-namespace step: only where needed, in order, within the bound. */
class SecretFanOutPerNamespaceTest {

  @Test
  void runsTheStepOnlyWhereNeededKeepsTheOrderAndStaysWithinTheBound() {
    List<NamespaceOutcome> outcomes =
        IntStream.range(0, 40)
            .mapToObj(i -> NamespaceOutcome.of("ns-" + i, Result.UPDATED))
            .toList();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();

    List<NamespaceOutcome> result;
    try (SecretFanOut fanOut = new SecretFanOut(null, 3)) {
      result =
          fanOut.runPerNamespace(
              outcomes,
              outcome -> Integer.parseInt(outcome.namespace().substring(3)) % 2 == 0,
              outcome -> {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                calls.incrementAndGet();
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                inFlight.decrementAndGet();
                return NamespaceOutcome.of(outcome.namespace(), Result.CREATED);
              });
    }

    assertThat(calls).hasValue(20);
    assertThat(mostInFlight.get()).isBetween(1, 3);
    assertThat(result)
        .extracting(NamespaceOutcome::namespace)
        .containsExactlyElementsOf(outcomes.stream().map(NamespaceOutcome::namespace).toList());
    assertThat(result.get(0).result()).isEqualTo(Result.CREATED);
    assertThat(result.get(1).result()).isEqualTo(Result.UPDATED);
  }
}
