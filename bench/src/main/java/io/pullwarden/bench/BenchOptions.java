package io.pullwarden.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What one fan-out benchmark run does. The defaults are issue 8's: N = 1,000 and 5,000 namespaces,
 * 100 new namespaces, a 5 s refresh watched for four intervals; five measured rotations after eight
 * warm-up ones. The warm-ups are there because a fresh JVM runs the write path interpreted at first
 * and compiles it over many rotations; their times are reported too, the first being the fresh
 * JVM's, and the "agent JIT" CPU shows how much compiling is still going on in the measured ones.
 * Smaller values are for development only. The agent and its JVM are {@link AgentOptions}.
 *
 * <p>The store phase (issue 15, {@link StorePhase}) runs at the first N unless {@code --store-phase
 * false}: for each of {@code --refresh-intervals} ({@code default} leaves the sync's interval to
 * the agent), a quiet window and {@code --store-rotations} rotations in OpenBao, three for
 * intervals of a minute or more.
 */
record BenchOptions(
    List<Integer> scales,
    int rotations,
    int warmUps,
    int newNamespaces,
    int quietIntervals,
    boolean storePhase,
    List<RefreshSetting> refreshIntervals,
    int storeRotations,
    AgentOptions agent) {

  static final String USAGE =
      "usage: bench [--namespaces 1000,5000] [--rotations 5] [--warm-ups 8]"
          + " [--new-namespaces 100]\n       [--quiet-intervals 4] [--store-phase true]"
          + " [--refresh-intervals default,2s] [--store-rotations 5]\n       "
          + AgentOptions.USAGE;

  static BenchOptions parse(String... args) {
    AgentOptions.Parsed parsed =
        AgentOptions.parse(
            args,
            Set.of(
                "--namespaces",
                "--rotations",
                "--warm-ups",
                "--new-namespaces",
                "--quiet-intervals",
                "--store-phase",
                "--refresh-intervals",
                "--store-rotations"),
            USAGE,
            Path.of("bench/target/bench-run"));
    List<Integer> scales =
        Arrays.stream(parsed.own().getOrDefault("--namespaces", "1000,5000").split(","))
            .map(String::strip)
            .map(Integer::valueOf)
            .toList();
    BenchOptions options =
        new BenchOptions(
            scales,
            parsed.count("--rotations", 5),
            parsed.count("--warm-ups", 8),
            parsed.count("--new-namespaces", 100),
            parsed.count("--quiet-intervals", 4),
            storePhase(parsed.own().getOrDefault("--store-phase", "true")),
            Arrays.stream(parsed.own().getOrDefault("--refresh-intervals", "default,2s").split(","))
                .map(RefreshSetting::parse)
                .toList(),
            parsed.count("--store-rotations", 5),
            parsed.agent());
    if (scales.isEmpty() || scales.stream().anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException("--namespaces needs positive counts\n" + USAGE);
    }
    if (!scales.equals(scales.stream().sorted().toList())) {
      throw new IllegalArgumentException("--namespaces must grow: the cluster is only added to");
    }
    if (options.rotations() < 1
        || options.quietIntervals() < 1
        || options.newNamespaces() < 0
        || options.warmUps() < 0
        || options.storeRotations() < 1) {
      throw new IllegalArgumentException("counts must be positive\n" + USAGE);
    }
    return options;
  }

  private static boolean storePhase(String value) {
    return switch (value.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("--store-phase takes true or false\n" + USAGE);
    };
  }
}
