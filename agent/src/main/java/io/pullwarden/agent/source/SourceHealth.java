package io.pullwarden.agent.source;

import io.pullwarden.agent.Reason;
import io.pullwarden.plugin.SourceException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What the latest store call of each CredentialSource says about it, so the source's Ready
 * condition follows the calls the syncs make rather than only a periodic health check. Every fetch,
 * version, renew and revoke, and every failed open, is recorded here; when the state (ready, and
 * the reason) differs from what the CredentialSource reconciler last reported, the listener is told
 * once, and the reconciler reports the new state. Calls that keep the reported state change
 * nothing, so a quiet refresh writes nothing.
 *
 * <p>A call that fails because of its reference (a missing credential, a bad ref) says nothing
 * about the source and is not recorded; at open the same failures are the source's own.
 */
public final class SourceHealth {

  /** The message of a source that works. */
  public static final String WORKING = "the plugin accepted the config and reached the store";

  /** A source's state as its Ready condition shows it; the message never holds a credential. */
  public record State(boolean ready, String reason, String message) {

    public static State working() {
      return new State(true, Reason.READY.toString(), WORKING);
    }

    public static State failing(String reason, String message) {
      return new State(false, reason, message);
    }

    /** Whether {@code other} shows the same on the condition's status and reason. */
    boolean sameAs(State other) {
      return other != null && ready == other.ready && reason.equals(other.reason);
    }
  }

  private static final class Entry {
    private State latest;
    private State reported;
    private boolean pending;
    private long calls;
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile Consumer<String> listener = source -> {};

  /** {@code listener} is told the name of a source whose state changed from what was reported. */
  public void onChange(Consumer<String> listener) {
    this.listener = Objects.requireNonNull(listener);
  }

  /**
   * The state a failure of the source's own open or health check shows, with its message as it is.
   */
  public static State failed(SourceException failure) {
    return after("open", GuardedSession.outcomeOf(failure), failure.getMessage()).orElseThrow();
  }

  /**
   * The state a call's {@code outcome} (a {@code pullwarden_source_requests_total} label) shows, or
   * empty when it says nothing about the source.
   *
   * @param message the failure's message, shown as it is: a SourceException's or a PluginFault's
   */
  static Optional<State> after(String operation, String outcome, String message) {
    // A missing credential or a bad ref is about the sync's reference, unless the source itself
    // was being opened or checked.
    boolean own = "open".equals(operation) || "health".equals(operation);
    String reason =
        switch (outcome) {
          case "success" -> null;
          case "auth_failed" -> Reason.SOURCE_AUTH_FAILED.toString();
          case "unavailable" -> Reason.SOURCE_UNAVAILABLE.toString();
          case "timeout" -> Reason.SOURCE_TIMEOUT.toString();
          case "circuit_open" -> Reason.CIRCUIT_OPEN.toString();
          case "plugin_error" -> Reason.PLUGIN_FAILED.toString();
          case "invalid_config" -> own ? Reason.INVALID_CONFIG.toString() : "";
          case "not_found" -> own ? Reason.NOT_FOUND.toString() : "";
          default -> ""; // rate_limited: the agent held the call back; the store was not asked
        };
    if (reason == null) {
      return Optional.of(State.working());
    }
    if (reason.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(State.failing(reason, message));
  }

  /** Records how a store call of {@code source} ended; {@code message} is null on success. */
  void record(String source, String operation, String outcome, String message) {
    after(operation, outcome, operation + " failed: " + message)
        .ifPresent(state -> record(source, state));
  }

  /** Records {@code state} as the latest of {@code source}; tells the listener on a change. */
  void record(String source, State state) {
    Entry entry = entries.computeIfAbsent(source, s -> new Entry());
    boolean tell;
    synchronized (entry) {
      entry.latest = state;
      entry.calls++;
      // Before the first report the reconciler is about to run for this source anyway.
      tell = entry.reported != null && !entry.pending && !state.sameAs(entry.reported);
      entry.pending |= tell;
    }
    if (tell) {
      listener.accept(source);
    }
  }

  /** A mark to pass to {@link #checked}: how many calls of {@code source} ended so far. */
  public long mark(String source) {
    Entry entry = entries.computeIfAbsent(source, s -> new Entry());
    synchronized (entry) {
      return entry.calls;
    }
  }

  /**
   * The latest state of {@code source} if it differs from the one reported; it counts as reported
   * now.
   */
  public Optional<State> changed(String source) {
    Entry entry = entries.computeIfAbsent(source, s -> new Entry());
    synchronized (entry) {
      if (entry.latest == null || entry.latest.sameAs(entry.reported)) {
        entry.pending = false;
        return Optional.empty();
      }
      return Optional.of(report(entry, entry.latest));
    }
  }

  /**
   * The reconciler checked {@code source} itself and {@code found} this; returns the state to
   * report, which counts as reported now: {@code found}, unless a call ended after {@code mark},
   * whose outcome is newer.
   */
  public State checked(String source, State found, long mark) {
    Entry entry = entries.computeIfAbsent(source, s -> new Entry());
    synchronized (entry) {
      if (entry.calls == mark || entry.latest == null) {
        entry.latest = found;
      }
      return report(entry, entry.latest);
    }
  }

  private static State report(Entry entry, State state) {
    entry.reported = state;
    entry.pending = false;
    return state;
  }
}
