package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventSeries;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts events.k8s.io/v1 Events about Pullwarden's resources, so {@code kubectl describe} shows
 * what happened: a rotation, a conflict, a failure, a recovery, and which replica saw it ({@code
 * reportingInstance}). A repeat of an Event this replica posted (same object, type, reason and
 * note) extends that Event's series ({@code series.count}, {@code series.lastObservedTime}) instead
 * of adding another, as client-go's event broadcaster does ({@code docs/adr/0023-event-series.md}).
 * Events for cluster-scoped resources go to the {@code default} namespace, as Kubernetes' own
 * recorders do. Failing to post never fails a sync; notes never contain a credential.
 */
public final class EventRecorder implements Events {

  /** The {@code reportingController} of every Event: who wrote it, whichever replica. */
  public static final String CONTROLLER = "pullwarden.io/agent";

  /** How many distinct Events the agent remembers for aggregation; the oldest is dropped first. */
  static final int CAPACITY = 4096;

  /**
   * How long a remembered Event may go without a repeat: the API server's default {@code
   * --event-ttl}, after which the Event is gone anyway (a shorter one costs a 404 and a new Event).
   */
  static final Duration TTL = Duration.ofHours(1);

  /** The API server's limits on {@code note} (bytes) and {@code reportingInstance}. */
  private static final int MAX_NOTE_BYTES = 1024;

  private static final int MAX_INSTANCE = 128;
  private static final String TRUNCATED = " [truncated]";
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final EventApi api;
  private final Clock clock;
  private final String instance;
  private final RecentEvents recent;
  private final AtomicLong lastSuffix = new AtomicLong();

  EventRecorder(EventApi api, Clock clock, String instance, RecentEvents recent) {
    this.api = api;
    this.clock = clock;
    this.instance =
        instance.length() > MAX_INSTANCE ? instance.substring(0, MAX_INSTANCE) : instance;
    this.recent = recent;
  }

  /**
   * @param instance this replica's name (the pod name), the Events' {@code reportingInstance}
   */
  public static EventRecorder onApiServer(KubernetesClient client, Clock clock, String instance) {
    return new EventRecorder(EventApi.of(client), clock, instance, new RecentEvents(CAPACITY, TTL));
  }

  @Override
  public void normal(HasMetadata about, String reason, String message) {
    post(about, "Normal", reason, message);
  }

  @Override
  public void warning(HasMetadata about, String reason, String message) {
    post(about, "Warning", reason, message);
  }

  private void post(HasMetadata about, String type, String reason, String message) {
    String namespace = Objects.requireNonNullElse(about.getMetadata().getNamespace(), "default");
    String note = truncated(message);
    RecentEvents.Key key =
        new RecentEvents.Key(
            namespace,
            about.getMetadata().getUid(),
            about.getKind(),
            about.getMetadata().getName(),
            type,
            reason,
            action(about),
            note);
    Instant now = clock.instant();
    RecentEvents.Entry entry = recent.entry(key, now);
    synchronized (entry) {
      try {
        if (entry.name != null) {
          // Counted before the patch, so a failed one is made good by the next repeat's.
          entry.count++;
          entry.lastObserved = now;
          try {
            api.patchSeries(namespace, entry.name, series(entry.count, now));
            return;
          } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
              throw e;
            }
            // Expired or replaced on the API server: start a new Event.
            entry.name = null;
          }
        }
        entry.name = api.create(event(about, key, now));
        entry.count = 1;
        entry.lastObserved = now;
      } catch (KubernetesClientException e) {
        LOG.warn(
            "could not post the {} event {} about {} {}: HTTP {}{}",
            type,
            reason,
            about.getKind(),
            about.getMetadata().getName(),
            e.getCode(),
            invalidFields(e));
      }
    }
  }

  /** The fields the API server found invalid (names only: a value could be the note). */
  private static String invalidFields(KubernetesClientException e) {
    if (e.getStatus() == null || e.getStatus().getDetails() == null) {
      return "";
    }
    return e.getStatus().getDetails().getCauses().stream()
        .map(cause -> cause.getField() + " " + cause.getReason())
        .collect(java.util.stream.Collectors.joining(", ", " (", ")"));
  }

  /**
   * {@code <object>.<hex suffix>} as client-go names Events, with the object's name cut so that the
   * whole stays within the 253 characters of a name (a sync may be named with 253).
   */
  static String eventName(String object, long suffix) {
    String hex = "." + Long.toHexString(suffix);
    return object.substring(0, Math.min(object.length(), 253 - hex.length())) + hex;
  }

  private Event event(HasMetadata about, RecentEvents.Key key, Instant now) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(eventName(about.getMetadata().getName(), nextSuffix(now)))
        .withNamespace(key.namespace())
        .endMetadata()
        .withRegarding(
            new ObjectReferenceBuilder()
                .withApiVersion(about.getApiVersion())
                .withKind(about.getKind())
                .withNamespace(about.getMetadata().getNamespace())
                .withName(about.getMetadata().getName())
                .withUid(about.getMetadata().getUid())
                .withResourceVersion(about.getMetadata().getResourceVersion())
                .build())
        .withEventTime(new MicroTime(MICRO_TIME.format(now)))
        .withReportingController(CONTROLLER)
        .withReportingInstance(instance)
        .withAction(key.action())
        .withType(key.type())
        .withReason(key.reason())
        .withNote(key.note())
        .build();
  }

  /**
   * The Event's name suffix, as client-go names Events ({@code <object>.<hex nanoseconds>}), made
   * unique within this replica where two Events share a clock tick. (A generateName cannot be used:
   * a name prefix ending in a dot is refused.)
   */
  private long nextSuffix(Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return lastSuffix.updateAndGet(last -> Math.max(last + 1, nanos));
  }

  private static EventSeries series(int count, Instant now) {
    return new EventSeries(count, new MicroTime(MICRO_TIME.format(now)));
  }

  /**
   * What the agent was doing, which events.k8s.io/v1 requires: syncing a PullSecretSync, checking a
   * CredentialSource.
   */
  static String action(HasMetadata about) {
    return "CredentialSource".equals(about.getKind()) ? "Check" : "Sync";
  }

  /** The note within the API server's 1 KiB limit, cut on a character boundary. */
  static String truncated(String message) {
    if (message.getBytes(StandardCharsets.UTF_8).length <= MAX_NOTE_BYTES) {
      return message;
    }
    int budget = MAX_NOTE_BYTES - TRUNCATED.length();
    StringBuilder kept = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < message.length(); ) {
      int codePoint = message.codePointAt(i);
      int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > budget) {
        break;
      }
      kept.appendCodePoint(codePoint);
      bytes += size;
      i += Character.charCount(codePoint);
    }
    return kept + TRUNCATED;
  }
}
