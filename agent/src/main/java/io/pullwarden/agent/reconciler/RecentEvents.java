package io.pullwarden.agent.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Events this replica posted lately, by what makes two Events the same (the object, type,
 * reason, action and note, as client-go's event broadcaster keys them), so a repeat extends the
 * first one's series instead of adding an Event. Bounded: at most {@code capacity} entries, the
 * least recently posted dropped first, and an entry not posted again within {@code ttl} is
 * forgotten (its Event has expired on the API server by then, one hour by default). A forgotten
 * entry only costs a new Event.
 */
final class RecentEvents {

  /** What makes two Events the same one. */
  record Key(
      String namespace,
      String uid,
      String kind,
      String name,
      String type,
      String reason,
      String action,
      String note) {}

  /**
   * One posted Event: its name once created, and how many times it was seen. Callers hold its
   * monitor while they create or patch it, so two repeats never race on one series.
   */
  static final class Entry {
    String name;
    int count;
    Instant lastObserved;
  }

  private final int capacity;
  private final Duration ttl;
  private final LinkedHashMap<Key, Entry> entries;

  RecentEvents(int capacity, Duration ttl) {
    this.capacity = capacity;
    this.ttl = ttl;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, RecentEvents.Entry> eldest) {
            return size() > RecentEvents.this.capacity;
          }
        };
  }

  /**
   * The entry for {@code key}: the one seen last, or a new one (count 0, no name) when there is
   * none or it was last observed more than the TTL before {@code now}.
   */
  synchronized Entry entry(Key key, Instant now) {
    Entry entry = entries.get(key);
    if (entry == null
        || (entry.lastObserved != null && entry.lastObserved.plus(ttl).isBefore(now))) {
      entry = new Entry();
      entries.put(key, entry);
    }
    return entry;
  }

  synchronized int size() {
    return entries.size();
  }
}
