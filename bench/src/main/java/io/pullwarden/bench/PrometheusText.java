package io.pullwarden.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Samples from a {@code /metrics} page, the agent's or kube-apiserver's. The benchmark sees them
 * only from outside, as Prometheus would, so it reads counters the same way: the sum over every
 * label set that carries the wanted labels.
 */
final class PrometheusText {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final String text;

  PrometheusText(String text) {
    this.text = text;
  }

  /** One sample line: its labels and its value. */
  private record Sample(Map<String, String> labels, double value) {}

  /** The sum of {@code name}'s samples whose labels include all of {@code wanted}; 0 if none. */
  double sum(String name, Map<String, String> wanted) {
    return samples(name)
        .filter(sample -> sample.labels().entrySet().containsAll(wanted.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  double sum(String name) {
    return sum(name, Map.of());
  }

  /**
   * {@code name}'s samples summed by the values of {@code by}, keyed by those values joined with a
   * space (a missing label counts as empty).
   */
  Map<String, Double> sumsBy(String name, List<String> by) {
    Map<String, Double> sums = new TreeMap<>();
    samples(name)
        .forEach(
            sample ->
                sums.merge(
                    by.stream()
                        .map(label -> sample.labels().getOrDefault(label, ""))
                        .collect(Collectors.joining(" ")),
                    sample.value(),
                    Double::sum));
    return sums;
  }

  private Stream<Sample> samples(String name) {
    return text.lines()
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .map(line -> SAMPLE.matcher(line.strip()))
        .filter(sample -> sample.matches() && sample.group(1).equals(name))
        .map(sample -> new Sample(labels(sample.group(2)), Double.parseDouble(sample.group(3))));
  }

  private static Map<String, String> labels(String group) {
    Map<String, String> labels = new HashMap<>();
    if (group != null) {
      Matcher label = LABEL.matcher(group);
      while (label.find()) {
        labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
      }
    }
    return labels;
  }
}
