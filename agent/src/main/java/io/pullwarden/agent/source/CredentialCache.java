package io.pullwarden.agent.source;

import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last credential read for each {@link CredentialKey}, shared by every PullSecretSync that uses
 * it. A sync asks for the credential no older than its refresh interval; the cache answers from
 * memory when it can, otherwise asks the store for the cheap version first and reads the credential
 * only when the version moved. So a credential is fetched once per change, however many syncs and
 * namespaces use it, and when one sync sees a change the others are told at once.
 */
public final class CredentialCache {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialCache.class);

  private static final class Entry {
    private Credential credential;
    private Instant checkedAt = Instant.EPOCH;
    private boolean stale;
    private LeaseKeeper.Planned timer = LeaseKeeper.Planned.NONE;
    private Instant changedAt = Instant.EPOCH;
    private final Set<String> syncs = ConcurrentHashMap.newKeySet();
  }

  private final Map<CredentialKey, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final LeaseKeeper keeper;
  private final Consumer<Set<String>> changed;

  /**
   * @param timers runs lease renewals and expiry refreshes
   * @param changed told which syncs must run again because a credential they use changed
   */
  public CredentialCache(
      Clock clock, Timers timers, AgentMetrics metrics, Consumer<Set<String>> changed) {
    this.clock = clock;
    this.keeper =
        new LeaseKeeper(
            clock, timers, () -> ThreadLocalRandom.current().nextDouble(-1, 1), metrics);
    this.changed = changed;
  }

  /**
   * The credential for {@code key} as seen by {@code sync}, at most {@code maxAge} old.
   *
   * @throws SourceException from the store; the cached credential is kept for the next try
   */
  public Credential current(
      String sync,
      CredentialKey key,
      CredentialSession session,
      Settings ref,
      Duration maxAge,
      LeasePolicy policy)
      throws SourceException {
    Entry entry = entries.computeIfAbsent(key, k -> new Entry());
    entry.syncs.add(sync);
    Set<String> toNotify;
    Credential result;
    synchronized (entry) {
      Instant now = clock.instant();
      Credential previous = entry.credential;
      // A leased credential is kept alive by its lease, not by the refresh interval: reading a
      // dynamic path again would issue a new credential every time.
      if (previous != null
          && !entry.stale
          && (previous.lease().isPresent() || now.isBefore(entry.checkedAt.plus(maxAge)))) {
        return previous;
      }
      if (previous != null) {
        Optional<String> version = session.version(ref);
        if (version.isPresent() && version.get().equals(previous.version())) {
          entry.checkedAt = now;
          entry.stale = false;
          return previous;
        }
      }
      result = session.fetch(ref);
      entry.credential = result;
      entry.checkedAt = now;
      entry.stale = false;
      entry.timer.cancel();
      entry.timer =
          keeper.plan(
              key.source(), result, policy, session.leases(), outcome(key, entry, policy, session));
      if (previous != null) {
        keeper.retire(previous, policy, session.leases());
      }
      boolean rotated = previous != null && !previous.secret().equals(result.secret());
      if (previous == null || rotated) {
        entry.changedAt = now;
      }
      toNotify = rotated ? new HashSet<>(entry.syncs) : new HashSet<>();
      toNotify.remove(sync);
    }
    if (!toNotify.isEmpty()) {
      changed.accept(toNotify);
    }
    return result;
  }

  /**
   * When the agent plans to renew or replace the credential of {@code key}: the lease renewal or
   * the fetch before expiry that is scheduled now. Empty for a credential that does not expire. A
   * renewal that keeps failing leaves this in the past, which is what the overdue-renewal alert
   * watches.
   */
  public Optional<Instant> renewalDue(CredentialKey key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    synchronized (entry) {
      return entry.timer.due();
    }
  }

  /** When the credential of {@code key} was last seen to change (its first read counts). */
  public Instant changedAt(CredentialKey key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return Instant.EPOCH;
    }
    synchronized (entry) {
      return entry.changedAt;
    }
  }

  private LeaseKeeper.Outcome outcome(
      CredentialKey key, Entry entry, LeasePolicy policy, CredentialSession session) {
    return new LeaseKeeper.Outcome() {
      @Override
      public void renewed(Credential updated) {
        synchronized (entry) {
          if (entry.credential == null || !entry.credential.version().equals(updated.version())) {
            return;
          }
          entry.credential = updated;
          entry.timer = keeper.plan(key.source(), updated, policy, session.leases(), this);
        }
        changed.accept(Set.copyOf(entry.syncs));
      }

      @Override
      public void expiring(String why) {
        synchronized (entry) {
          entry.stale = true;
        }
        LOG.info("credential {} of source {} needs renewing: {}", key.ref(), key.source(), why);
        changed.accept(Set.copyOf(entry.syncs));
      }
    };
  }

  /**
   * The store announced a change for {@code source}: its credentials are checked again on next use,
   * and the syncs using them are told to run now.
   */
  public void markStale(String source) {
    Set<String> syncs = new HashSet<>();
    entries.forEach(
        (key, entry) -> {
          if (key.source().equals(source)) {
            synchronized (entry) {
              entry.stale = true;
            }
            syncs.addAll(entry.syncs);
          }
        });
    if (!syncs.isEmpty()) {
      changed.accept(syncs);
    }
  }

  /** {@code sync} is gone or stopped using some keys; drops entries nobody uses any more. */
  public void retain(String sync, Set<CredentialKey> stillUsed) {
    entries.forEach(
        (key, entry) -> {
          if (!stillUsed.contains(key)) {
            entry.syncs.remove(sync);
          }
        });
    entries
        .values()
        .removeIf(
            entry -> {
              if (entry.syncs.isEmpty()) {
                entry.timer.cancel();
                return true;
              }
              return false;
            });
  }
}
