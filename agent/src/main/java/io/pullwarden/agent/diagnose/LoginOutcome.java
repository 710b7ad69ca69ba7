package io.pullwarden.agent.diagnose;

/**
 * What the registry said to the credential the kubelet would send, as a {@link RegistryLoginCheck}
 * found out. Never holds the credential.
 *
 * @param state accepted, rejected, unreachable or not checked
 * @param detail the registry's status or why it was not asked
 */
public record LoginOutcome(State state, String detail) {

  /** The outcomes a check can have; only {@link #REJECTED} makes a pull fail for certain. */
  public enum State {
    ACCEPTED,
    REJECTED,
    UNREACHABLE,
    NOT_CHECKED
  }

  static LoginOutcome notChecked(String why) {
    return new LoginOutcome(State.NOT_CHECKED, why);
  }
}
