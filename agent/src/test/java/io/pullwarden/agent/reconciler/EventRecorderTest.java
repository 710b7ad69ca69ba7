package io.pullwarden.agent.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventSeries;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.PullSecretSync;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the agent's Events look and aggregate: who wrote them (controller and replica), a repeat as a
 * series on the first Event rather than a new one, a new Event when the old one expired, and never
 * an exception to the sync that posted it.
 */
class EventRecorderTest {

  private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

  private final MovingClock clock = new MovingClock();
  private final FakeEventApi api = new FakeEventApi();
  private final EventRecorder recorder =
      new EventRecorder(
          api, clock, "pullwarden-7d9f-x2k4q", new RecentEvents(16, Duration.ofHours(1)));
  private final PullSecretSync sync = sync("team");

  @Test
  void anEventNamesItsControllerReplicaActionAndObject() {
    recorder.warning(sync, "SourceUnavailable", "store down");

    assertThat(api.created).hasSize(1);
    Event event = api.created.get(0);
    assertThat(event.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(event.getMetadata().getName()).isEqualTo("team.18ecd0dd3a648000");
    assertThat(event.getReportingController()).isEqualTo("pullwarden.io/agent");
    assertThat(event.getReportingInstance()).isEqualTo("pullwarden-7d9f-x2k4q");
    assertThat(event.getAction()).isEqualTo("Sync");
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getReason()).isEqualTo("SourceUnavailable");
    assertThat(event.getNote()).isEqualTo("store down");
    assertThat(event.getEventTime().getTime()).isEqualTo("2026-11-30T12:00:00.000000Z");
    assertThat(event.getRegarding().getKind()).isEqualTo("PullSecretSync");
    assertThat(event.getRegarding().getName()).isEqualTo("team");
    assertThat(event.getRegarding().getUid()).isEqualTo("uid-team");
    assertThat(event.getSeries()).isNull();
  }

  @Test
  void aSourceEventSaysTheAgentWasCheckingIt() {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName("vault");

    recorder.normal(source, "SourceReady", "reached the store");

    assertThat(api.created.get(0).getAction()).isEqualTo("Check");
  }

  @Test
  void repeatsExtendTheFirstEventsSeries() {
    recorder.warning(sync, "SourceUnavailable", "store down");
    clock.advance(Duration.ofSeconds(10));
    recorder.warning(sync, "SourceUnavailable", "store down");
    clock.advance(Duration.ofMillis(1500));
    recorder.warning(sync, "SourceUnavailable", "store down");

    assertThat(api.created).hasSize(1);
    assertThat(api.patches)
        .containsExactly(
            "team.1 count=2 at 2026-11-30T12:00:10.000000Z",
            "team.1 count=3 at 2026-11-30T12:00:11.500000Z");
  }

  @Test
  void anotherObjectReasonTypeOrMessageIsAnotherEvent() {
    recorder.warning(sync, "SourceUnavailable", "store down");
    recorder.warning(sync, "SourceUnavailable", "store down again");
    recorder.warning(sync, "SourceTimeout", "store down");
    recorder.normal(sync, "SourceUnavailable", "store down");
    recorder.warning(sync("other"), "SourceUnavailable", "store down");

    assertThat(api.created).hasSize(5);
    assertThat(api.patches).isEmpty();
  }

  @Test
  void anEventTheApiServerNoLongerHasStartsANewOne() {
    recorder.warning(sync, "SourceUnavailable", "store down");
    api.deleteAll();

    recorder.warning(sync, "SourceUnavailable", "store down");
    recorder.warning(sync, "SourceUnavailable", "store down");

    assertThat(api.created).hasSize(2);
    assertThat(api.patches).containsExactly("team.2 count=2 at 2026-11-30T12:00:00.000000Z");
  }

  @Test
  void aRepeatAfterTheTtlIsANewEvent() {
    recorder.warning(sync, "SourceUnavailable", "store down");
    clock.advance(Duration.ofMinutes(61));

    recorder.warning(sync, "SourceUnavailable", "store down");

    assertThat(api.created).hasSize(2);
    assertThat(api.patches).isEmpty();
  }

  @Test
  void theLeastRecentlyPostedEventIsForgottenBeyondTheCapacity() {
    EventRecorder small =
        new EventRecorder(api, clock, "r", new RecentEvents(2, Duration.ofHours(1)));
    small.warning(sync, "A", "m");
    small.warning(sync, "B", "m");
    small.warning(sync, "A", "m");
    small.warning(sync, "C", "m");

    small.warning(sync, "A", "m");
    small.warning(sync, "B", "m");

    assertThat(api.created).extracting(Event::getReason).containsExactly("A", "B", "C", "B");
    assertThat(api.patches).hasSize(2);
  }

  @Test
  void failuresNeverReachTheCallerAndLoseNoCount() {
    api.failWith = 503;
    recorder.warning(sync, "SourceUnavailable", "store down");
    api.failWith = 0;
    recorder.warning(sync, "SourceUnavailable", "store down");
    api.failWith = 500;
    recorder.warning(sync, "SourceUnavailable", "store down");
    api.failWith = 0;
    recorder.warning(sync, "SourceUnavailable", "store down");

    assertThat(api.created).hasSize(1);
    assertThat(api.patches).containsExactly("team.1 count=3 at 2026-11-30T12:00:00.000000Z");
  }

  @Test
  void aLongMessageIsCutToTheApiServersLimit() {
    String note = "ä".repeat(600);

    recorder.warning(sync, "InvalidSpec", note);

    String sent = api.created.get(0).getNote();
    assertThat(sent.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(1024);
    assertThat(sent).startsWith("ää").endsWith(" [truncated]");
  }

  @Test
  void concurrentRepeatsMakeOneEventWithTheirCount() throws Exception {
    api.latency = true;
    ExecutorService threads = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 40; i++) {
      threads.submit(() -> recorder.warning(sync, "SourceUnavailable", "store down"));
    }
    threads.shutdown();
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(api.created).hasSize(1);
    assertThat(api.patches).hasSize(39).last().asString().startsWith("team.1 count=40 ");
  }

  private static PullSecretSync sync(String name) {
    PullSecretSync sync = new PullSecretSync();
    sync.getMetadata().setName(name);
    sync.getMetadata().setUid("uid-" + name);
    return sync;
  }

  /** The events.k8s.io API as a list; answers with {@code <object>.<n>} to keep names readable. */
  private static final class FakeEventApi implements EventApi {
    final List<Event> created = Collections.synchronizedList(new ArrayList<>());
    final List<String> patches = Collections.synchronizedList(new ArrayList<>());
    final List<String> live = Collections.synchronizedList(new ArrayList<>());
    volatile int failWith;
    volatile boolean latency;

    @Override
    public String create(Event event) {
      fail();
      pause();
      created.add(event);
      String name = event.getRegarding().getName() + "." + created.size();
      live.add(name);
      return name;
    }

    @Override
    public void patchSeries(String namespace, String name, EventSeries series) {
      fail();
      pause();
      if (!live.contains(name)) {
        throw new KubernetesClientException("not found", 404, null);
      }
      patches.add(
          name + " count=" + series.getCount() + " at " + series.getLastObservedTime().getTime());
    }

    /** A moment on the wire, so that concurrent posts overlap. */
    private void pause() {
      if (latency) {
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    void deleteAll() {
      live.clear();
    }

    private void fail() {
      if (failWith != 0) {
        throw new KubernetesClientException("refused", failWith, null);
      }
    }
  }

  private static final class MovingClock extends Clock {
    private Instant now = START;

    void advance(Duration amount) {
      now = now.plus(amount);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void anEventOfAnObjectWithALongNameStillHasAValidName() {
    String name = EventRecorder.eventName("s".repeat(253), 0x1234_5678_9abc_def0L);

    assertThat(name).hasSize(253).endsWith(".123456789abcdef0");
    assertThat(EventRecorder.eventName("team", 255)).isEqualTo("team.ff");
  }
}
