package io.pullwarden.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What one benchmark run does. The defaults are issue 8's: N = 1,000 and 5,000 namespaces, 100 new
 * namespaces, a 5 s refresh watched for four intervals; five measured rotations after eight warm-up
 * ones. The warm-ups are there because a fresh JVM runs the write path interpreted at first and
 * compiles it over many rotations; their times are reported too, the first being the fresh JVM's,
 * and the "agent JIT" CPU shows how much compiling is still going on in the measured ones. Smaller
 * values are for development only. The agent's JVM is the Helm chart's ({@link ChartJvm}) unless
 * {@code --agent-java-opts} replaces it.
 */
record BenchOptions(
    List<Integer> scales,
    int rotations,
    int warmUps,
    int newNamespaces,
    int quietIntervals,
    Path agentArchive,
    Path crds,
    Path workDir,
    String agentJavaOpts) {

  static final String USAGE =
      """
      usage: bench [--namespaces 1000,5000] [--rotations 5] [--warm-ups 8] [--new-namespaces 100]
                   [--quiet-intervals 4] [--agent-archive FILE] [--crds DIR] [--work-dir DIR]
                   [--chart-values FILE | --agent-java-opts "OPTS"]""";

  static BenchOptions parse(String... args) {
    List<Integer> scales = List.of(1000, 5000);
    int rotations = 5;
    int warmUps = 8;
    int newNamespaces = 100;
    int quietIntervals = 4;
    Path archive = Path.of("bench/target/pullwarden-agent-dist.tar.gz");
    Path crds = Path.of("chart/pullwarden/crds");
    Path workDir = Path.of("bench/target/bench-run");
    Path chartValues = Path.of("chart/pullwarden/values.yaml");
    String javaOpts = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
      }
      switch (args[i++]) {
        case "--namespaces" ->
            scales =
                Arrays.stream(value.split(",")).map(String::strip).map(Integer::valueOf).toList();
        case "--rotations" -> rotations = Integer.parseInt(value);
        case "--warm-ups" -> warmUps = Integer.parseInt(value);
        case "--new-namespaces" -> newNamespaces = Integer.parseInt(value);
        case "--quiet-intervals" -> quietIntervals = Integer.parseInt(value);
        case "--agent-archive" -> archive = Path.of(value);
        case "--crds" -> crds = Path.of(value);
        case "--work-dir" -> workDir = Path.of(value);
        case "--chart-values" -> chartValues = Path.of(value);
        case "--agent-java-opts" -> javaOpts = value;
        default ->
            throw new IllegalArgumentException("unknown option " + args[i - 1] + "\n" + USAGE);
      }
    }
    if (scales.isEmpty() || scales.stream().anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException("--namespaces needs positive counts\n" + USAGE);
    }
    if (!scales.equals(scales.stream().sorted().toList())) {
      throw new IllegalArgumentException("--namespaces must grow: the cluster is only added to");
    }
    if (rotations < 1 || quietIntervals < 1 || newNamespaces < 0 || warmUps < 0) {
      throw new IllegalArgumentException("counts must be positive\n" + USAGE);
    }
    return new BenchOptions(
        scales,
        rotations,
        warmUps,
        newNamespaces,
        quietIntervals,
        archive,
        crds,
        workDir,
        javaOpts != null ? javaOpts : ChartJvm.javaOpts(chartValues));
  }
}
