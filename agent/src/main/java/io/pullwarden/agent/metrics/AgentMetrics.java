package io.pullwarden.agent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Pullwarden's own Prometheus metrics (names and labels as in the design: {@code
 * pullwarden_source_requests_total}, {@code pullwarden_rotations_total}, …) plus the JVM's, in one
 * registry that {@code /metrics} serves. Labels are names of resources, servers and outcomes, never
 * credential values.
 */
public final class AgentMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Tags, AtomicLong> gauges = new ConcurrentHashMap<>();

  public AgentMetrics() {
    registry.config().meterFilter(new MissingHelp());
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The registry, for libraries that publish their own meters (resilience4j, JOSDK). */
  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** One call to a store: {@code operation} fetch/version/renew/revoke/open, its outcome. */
  public void sourceRequest(
      String source, String plugin, String operation, String outcome, Duration took) {
    Tags tags =
        Tags.of("source", source, "plugin", plugin, "operation", operation, "outcome", outcome);
    Counter.builder("pullwarden.source.requests")
        .description("Calls to credential stores")
        .tags(tags)
        .register(registry)
        .increment();
    Timer.builder("pullwarden.source.request.duration")
        .description("How long calls to credential stores took")
        .tags(Tags.of("source", source, "plugin", plugin, "operation", operation))
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /**
   * The agent asked a registry about a sync's credential; outcome Accepted, Rejected, Unverified.
   */
  public void registryCheck(String sync, String server, String outcome) {
    Counter.builder("pullwarden.registry.checks")
        .description("Checks of a credential with its registry, by outcome")
        .tags("sync", sync, "server", server, "outcome", outcome)
        .register(registry)
        .increment();
  }

  /** A sync wrote a changed credential. */
  public void rotation(String sync) {
    Counter.builder("pullwarden.rotations")
        .description("Credential changes written by a sync")
        .tag("sync", sync)
        .register(registry)
        .increment();
  }

  /** Secret writes: {@code operation} create/update/delete, {@code outcome} success/failure/… */
  public void secretWrite(String sync, String operation, String outcome) {
    Counter.builder("pullwarden.secret.writes")
        .description("Writes of managed Secrets")
        .tags("sync", sync, "operation", operation, "outcome", outcome)
        .register(registry)
        .increment();
  }

  /** How many namespaces of a sync are in {@code state} (selected, synced, failed, conflicts). */
  public void syncNamespaces(String sync, String state, long count) {
    gauge(
        "pullwarden.sync.namespaces",
        "Namespaces of a sync by state: selected, synced, failed, conflicts",
        Tags.of("sync", sync, "state", state),
        count);
  }

  /** The last time a sync confirmed every selected namespace current. */
  public void syncSucceeded(String sync, Instant when) {
    gauge(
        "pullwarden.sync.last.success.timestamp.seconds",
        "When a sync last found every selected namespace current (Unix time)",
        Tags.of("sync", sync),
        when.getEpochSecond());
  }

  /** When the credential a sync writes for {@code server} stops working. */
  public void credentialExpiry(String sync, String server, Instant expiresAt) {
    gauge(
        "pullwarden.credential.expiry.timestamp.seconds",
        "When the credential a sync writes for a registry stops working (Unix time)",
        Tags.of("sync", sync, "server", server),
        expiresAt.getEpochSecond());
  }

  /**
   * When the agent plans to renew or replace the credential a sync writes for {@code server}: a
   * lease renewal at about two thirds of its TTL, or a fetch before a token expires. A healthy
   * renewal moves it forward; one that keeps failing leaves it in the past.
   */
  public void credentialRenewalDue(String sync, String server, Instant due) {
    gauge(
        "pullwarden.credential.renewal.due.timestamp.seconds",
        "When the agent plans to renew or replace the credential a sync writes for a registry"
            + " (Unix time); in the past while a renewal is overdue",
        Tags.of("sync", sync, "server", server),
        due.getEpochSecond());
  }

  /**
   * Whether this replica writes: 1 while it leads (or runs without an election), 0 while it stands
   * by. Summed over replicas it must be 1; 0 means no replica is reconciling.
   */
  public void leader(BooleanSupplier leading) {
    Gauge.builder("pullwarden.leader", leading, l -> l.getAsBoolean() ? 1 : 0)
        .description("1 while this replica leads and reconciles, 0 while it stands by")
        .strongReference(true) // Micrometer holds gauge state weakly: a lambda would be collected
        .register(registry);
  }

  /**
   * A PullSecretSync pass, by what it did: {@code full} planned every selected namespace, {@code
   * namespaces} only namespaces new to the sync, {@code quiet} was a refresh that found nothing new
   * and stopped after the version check (ADR 0027), {@code blocked} stopped before planning
   * (invalid spec, no credential, a rejected login).
   */
  public void syncPass(String kind) {
    Counter.builder("pullwarden.sync.passes")
        .description(
            "PullSecretSync passes: full, quiet (a refresh that found nothing new), blocked")
        .tags("kind", kind)
        .register(registry)
        .increment();
  }

  /** A lease renewal, with its outcome (renewed, reissue, failed). */
  public void leaseRenewal(String source, String outcome) {
    Counter.builder("pullwarden.lease.renewals")
        .description("Lease renewals")
        .tags("source", source, "outcome", outcome)
        .register(registry)
        .increment();
  }

  /** From a detected credential change to the last namespace of a sync written. */
  public void propagation(String sync, Duration took) {
    Timer.builder("pullwarden.propagation")
        .description("From a detected credential change to the last namespace written")
        .tag("sync", sync)
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /**
   * Drops every series of a deleted sync (gauges, counters, timers), so it does not linger in
   * dashboards and alerts. A sync created again under the same name starts its counters at zero.
   */
  public void forgetSync(String sync) {
    forget("sync", sync, meter -> true);
  }

  /**
   * Drops every series of a deleted CredentialSource: its store calls and lease renewals, and the
   * resilience4j meters named after it.
   */
  public void forgetSource(String source) {
    forget("source", source, meter -> true);
    forget("name", source, meter -> meter.getId().getName().startsWith("resilience4j."));
  }

  private void forget(String tag, String value, Predicate<Meter> also) {
    registry.getMeters().stream()
        .filter(meter -> value.equals(meter.getId().getTag(tag)))
        .filter(also)
        .forEach(registry::remove);
    gauges
        .keySet()
        .removeIf(
            tags ->
                tags.stream().anyMatch(t -> t.getKey().equals(tag) && t.getValue().equals(value)));
  }

  private void gauge(String name, String description, Tags tags, long value) {
    AtomicLong holder =
        gauges.computeIfAbsent(
            tags.and("__name", name),
            key -> {
              AtomicLong created = new AtomicLong();
              Gauge.builder(name, created, AtomicLong::get)
                  .description(description)
                  .tags(tags)
                  .register(registry);
              return created;
            });
    holder.set(value);
  }
}
