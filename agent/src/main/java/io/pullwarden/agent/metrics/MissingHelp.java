package io.pullwarden.agent.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.List;
import java.util.Map;

/**
 * Fills in the description of meters that a library registers without one, so that every metric on
 * {@code /metrics} has a HELP text (Prometheus UIs, Grafana and alert authors show it). The Java
 * Operator SDK registers all of its {@code operator_sdk_*} meters without a description; the texts
 * here say what its sources count. Any other meter still without a description gets a generic line
 * naming it, rather than an empty HELP.
 */
final class MissingHelp implements MeterFilter {

  private static final String JOSDK = "operator.sdk.";

  /** Name prefixes, most specific first, and what the meters under them measure. */
  private static final List<Map.Entry<String, String>> DESCRIPTIONS =
      List.of(
          Map.entry(JOSDK + "events.received", "Events from the watches, by resource and action"),
          Map.entry(JOSDK + "events.delete", "Delete events from the watches, by resource"),
          Map.entry(JOSDK + "reconciliations.started", "Reconciliations started, by resource"),
          Map.entry(
              JOSDK + "reconciliations.success", "Reconciliations that returned, by resource"),
          Map.entry(JOSDK + "reconciliations.failed", "Reconciliations that threw, by resource"),
          Map.entry(
              JOSDK + "reconciliations.retries.last",
              "Reconciliations that were the last retry the SDK allows, by resource"),
          Map.entry(
              JOSDK + "reconciliations.retries.number",
              "Reconciliations that were a retry, by resource"),
          Map.entry(
              JOSDK + "reconciliations.executions.",
              "Reconciliations of this controller running now"),
          Map.entry(
              JOSDK + "reconciliations.queue.size.",
              "Resources of this controller waiting for a reconciliation"),
          Map.entry(
              JOSDK + "controllers.execution.",
              "Executions of a controller (reconcile, cleanup): how long they took, and how many"
                  + " succeeded or failed"));

  @Override
  public Meter.Id map(Meter.Id id) {
    String description = id.getDescription();
    if (description != null && !description.isBlank()) {
      return id;
    }
    return new Meter.Id(
        id.getName(),
        Tags.of(id.getTagsAsIterable()),
        id.getBaseUnit(),
        describe(id.getName()),
        id.getType());
  }

  static String describe(String name) {
    for (Map.Entry<String, String> entry : DESCRIPTIONS) {
      if (name.startsWith(entry.getKey())) {
        return entry.getValue() + " (Java Operator SDK)";
      }
    }
    return name + " (no description given by the library that publishes it)";
  }
}
