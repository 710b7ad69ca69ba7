package io.pullwarden.agent.source;

import io.pullwarden.agent.Reason;
import io.pullwarden.plugin.SourceException;
import java.time.Duration;
import java.util.Optional;

/**
 * A plugin call that ended outside the plugin contract: it did not return within the source's time
 * limit, threw something other than a {@link SourceException}, or returned null where the contract
 * promises a value. The contract's own outcomes say what the store did; these say the plugin
 * misbehaved, so each has its own status reason and metric outcome and is retried with the
 * resource's backoff.
 *
 * <p>Messages name the plugin, the operation and, for a throw, the exception's class — never the
 * exception's message: unlike a SourceException's, it was not written for users and may hold a
 * secret (a URL with a password, a token echoed by a driver). The thrown exception is kept as the
 * cause with its stack but without any message, for debug logs.
 */
public abstract sealed class PluginFault extends Exception {

  private static final long serialVersionUID = 1L;

  private final String plugin;
  private final String operation;
  private final Reason reason;
  private final String outcome;

  private PluginFault(
      String plugin,
      String operation,
      Reason reason,
      String outcome,
      String message,
      Throwable cause) {
    super(message, cause);
    this.plugin = plugin;
    this.operation = operation;
    this.reason = reason;
    this.outcome = outcome;
  }

  /** The call did not return within {@code spec.resilience.timeout}. */
  public static final class TimedOut extends PluginFault {
    private static final long serialVersionUID = 1L;

    public TimedOut(String plugin, String operation, Duration limit) {
      super(
          plugin,
          operation,
          Reason.SOURCE_TIMEOUT,
          "timeout",
          "the "
              + plugin
              + " plugin did not finish "
              + operation
              + " within "
              + text(limit)
              + " (spec.resilience.timeout); raise it if the store is slow",
          null);
    }
  }

  /** The call threw an exception that is not a {@link SourceException}, or an error. */
  public static final class Threw extends PluginFault {
    private static final long serialVersionUID = 1L;

    public Threw(String plugin, String operation, Throwable thrown) {
      super(
          plugin,
          operation,
          Reason.PLUGIN_FAILED,
          "plugin_error",
          "the "
              + plugin
              + " plugin failed in "
              + operation
              + " with "
              + thrown.getClass().getName()
              + " (its message is not shown, as it may hold a secret; report it to the plugin's"
              + " authors)",
          WithoutMessage.of(thrown, 0));
    }
  }

  /** The call returned null where the contract promises a value. */
  public static final class ReturnedNull extends PluginFault {
    private static final long serialVersionUID = 1L;

    public ReturnedNull(String plugin, String operation) {
      super(
          plugin,
          operation,
          Reason.PLUGIN_FAILED,
          "plugin_error",
          "the "
              + plugin
              + " plugin returned null from "
              + operation
              + ", which the plugin contract does not allow; report it to the plugin's authors",
          null);
    }
  }

  /** The reason of the status condition that reports this fault. */
  public String reason() {
    return reason.toString();
  }

  /** The {@code outcome} label of {@code pullwarden_source_requests_total}. */
  public String outcome() {
    return outcome;
  }

  /** The {@code spec.type} of the plugin. */
  public String plugin() {
    return plugin;
  }

  /** The plugin call: open, validate, fetch, version, renew, revoke, health, leases. */
  public String operation() {
    return operation;
  }

  /**
   * This fault as the contract's transient failure, for code that passes only {@link
   * SourceException} on (a {@code CredentialSession}); {@link #in} finds it again.
   */
  public SourceException.Transient asSourceException() {
    return new SourceException.Transient(getMessage(), this);
  }

  /** The fault {@code failure} stands for, if it stands for one. */
  public static Optional<PluginFault> in(SourceException failure) {
    return failure.getCause() instanceof PluginFault fault ? Optional.of(fault) : Optional.empty();
  }

  private static String text(Duration limit) {
    long millis = limit.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /**
   * A thrown exception's class and stack without its message: logs print it as {@code
   * ...$WithoutMessage: java.lang.IllegalStateException (message not shown)}, causes alike.
   */
  private static final class WithoutMessage extends Exception {
    private static final long serialVersionUID = 1L;
    private static final int DEPTH = 8;

    private WithoutMessage(Throwable original, Throwable cause) {
      super(original.getClass().getName() + " (message not shown)", cause, false, true);
      setStackTrace(original.getStackTrace());
    }

    static WithoutMessage of(Throwable original, int depth) {
      Throwable cause = original.getCause();
      WithoutMessage redactedCause =
          cause == null || cause == original || depth >= DEPTH ? null : of(cause, depth + 1);
      return new WithoutMessage(original, redactedCause);
    }
  }
}
