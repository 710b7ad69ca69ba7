package io.pullwarden.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

  /** The sum of {@code name}'s samples whose labels include all of {@code wanted}; 0 if none. */
  double sum(String name, Map<String, String> wanted) {
    double total = 0;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line.strip());
      if (!sample.matches() || !sample.group(1).equals(name)) {
        continue;
      }
      if (labels(sample.group(2)).entrySet().containsAll(wanted.entrySet())) {
        total += Double.parseDouble(sample.group(3));
      }
    }
    return total;
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
    for (String line : text.split("\n")) {
      Matcher sample = SAMPLE.matcher(line.strip());
      if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
        continue;
      }
      Map<String, String> labels = labels(sample.group(2));
      String key =
          by.stream().map(label -> labels.getOrDefault(label, "")).collect(Collectors.joining(" "));
      sums.merge(key, Double.parseDouble(sample.group(3)), Double::sum);
    }
    return sums;
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
