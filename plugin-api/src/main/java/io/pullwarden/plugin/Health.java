package io.pullwarden.plugin;

import java.util.Objects;

/**
 * A session's answer to "can you reach your store?": a state rather than a boolean, so that "not
 * known yet" is not mistaken for either answer, and a message that says what is wrong. Messages
 * never contain a credential.
 */
public record Health(State state, String message) {

  /** The three answers a health check can give. */
  public enum State {
    READY,
    UNKNOWN,
    ERROR
  }

  public Health {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
  }

  public static Health ready() {
    return new Health(State.READY, "");
  }

  public static Health unknown(String message) {
    return new Health(State.UNKNOWN, message);
  }

  public static Health error(String message) {
    return new Health(State.ERROR, message);
  }
}
