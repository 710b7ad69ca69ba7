package io.pullwarden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImplementationTest {

  /** Registered once in src/test/resources/META-INF/services. */
  public interface Single {}

  /** Registered twice in src/test/resources/META-INF/services. */
  public interface Twice {}

  /** Registered nowhere. */
  public interface Unregistered {}

  public static final class OnlySingle implements Single {}

  public static final class FirstTwice implements Twice {}

  public static final class SecondTwice implements Twice {}

  @Test
  void findsTheRegisteredImplementation() {
    assertThat(Implementation.of(Single.class)).get().isInstanceOf(OnlySingle.class);
  }

  @Test
  void findsNothingWhenNoneIsRegistered() {
    assertThat(Implementation.of(Unregistered.class)).isEmpty();
  }

  @Test
  void refusesToGuessBetweenTwo() {
    assertThatThrownBy(() -> Implementation.of(Twice.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("more than one")
        .hasMessageContaining("FirstTwice")
        .hasMessageContaining("SecondTwice");
  }
}
